package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.TypeCode;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.Values;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** A body section holding one AMQP value of any type ({@code messaging.xml#type-amqp-value}). */
public final class AmqpValue implements Section {
    public static final long DESCRIPTOR_CODE = 0x77L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:amqp-value:*");

    private final Object value;

    public AmqpValue(Object value) {
        this.value = value;
    }

    public Object value() {
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
        Encoder.writeObject(b, value);
    }

    public static AmqpValue decode(Decoder d, ByteBuf b, int ctor) {
        return new AmqpValue(d.readValue(b, ctor));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmqpValue other && Objects.deepEquals(other.value, value);
    }

    @Override
    public int hashCode() {
        return value == null ? 0 : value.hashCode();
    }

    @Override
    public String toString() {
        return "AmqpValue(" + Values.toString(value) + ")";
    }
}
