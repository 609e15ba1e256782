package io.ferrymq.codec.messaging;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.TypeCode;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.Values;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/** A body section holding a sequence of structured values ({@code messaging.xml#type-amqp-sequence}). */
public final class AmqpSequence implements Section {
    public static final long DESCRIPTOR_CODE = 0x76L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:amqp-sequence:list");

    private final List<Object> value;

    public AmqpSequence(List<Object> value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public List<Object> value() {
        return value;
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    @Override
    public Object descriptor() {
        return UnsignedLong.valueOf(DESCRIPTOR_CODE);
    }

    @Override
    public Object described() {
        return value;
    }

    @Override
    public void encode(ByteBuf b) {
        b.writeMedium((TypeCode.SMALLULONG << 8) | (int) DESCRIPTOR_CODE);
        Encoder.writeList(b, value);
    }

    @SuppressWarnings("unchecked")
    public static AmqpSequence decode(Decoder d, ByteBuf b, int ctor) {
        if (ctor != TypeCode.LIST0 && ctor != TypeCode.LIST8 && ctor != TypeCode.LIST32) {
            throw new DecodeException(
                    "amqp-sequence: expected a list, found " + TypeCode.describe(ctor), d.position(b) - 1);
        }
        return new AmqpSequence((List<Object>) d.readValue(b, ctor));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmqpSequence other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "AmqpSequence" + Values.toString(value);
    }
}
