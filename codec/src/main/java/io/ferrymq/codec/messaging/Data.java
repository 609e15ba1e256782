package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.TypeCode;
import io.ferrymq.codec.UnsignedLong;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** A body section of opaque binary data ({@code messaging.xml#type-data}). */
public final class Data implements Section {
    public static final long DESCRIPTOR_CODE = 0x75L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:data:binary");

    private final Binary value;

    public Data(Binary value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public Data(byte[] bytes) {
        this(new Binary(bytes));
    }

    public Binary value() {
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
        Encoder.writeBinary(b, value);
    }

    public static Data decode(Decoder d, ByteBuf b, int ctor) {
        return new Data(d.readBinary(b, ctor, "data"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Data" + value;
    }
}
