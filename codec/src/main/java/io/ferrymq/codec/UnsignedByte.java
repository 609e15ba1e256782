package io.ferrymq.codec;

/** An AMQP {@code ubyte}: an integer in [0, 255] ({@code types.xml#type-ubyte}). */
public final class UnsignedByte extends Number implements Comparable<UnsignedByte> {
    private static final UnsignedByte[] ALL = new UnsignedByte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL[i] = new UnsignedByte((byte) i);
        }
    }

    private final byte bits;

    private UnsignedByte(byte bits) {
        this.bits = bits;
    }

    /** The ubyte whose eight bits are {@code bits} (so {@code (byte) 0xff} is 255). */
    public static UnsignedByte valueOf(byte bits) {
        return ALL[bits & 0xff];
    }

    /** The ubyte {@code value}, which must lie in [0, 255]. */
    public static UnsignedByte valueOf(int value) {
        if ((value & ~0xff) != 0) {
            throw new IllegalArgumentException("ubyte out of range [0, 255]: " + value);
        }
        return ALL[value];
    }

    public byte byteBits() {
        return bits;
    }

    @Override
    public int intValue() {
        return bits & 0xff;
    }

    @Override
    public long longValue() {
        return bits & 0xff;
    }

    @Override
    public float floatValue() {
        return intValue();
    }

    @Override
    public double doubleValue() {
        return intValue();
    }

    @Override
    public int compareTo(UnsignedByte o) {
        return Integer.compare(intValue(), o.intValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsignedByte u && u.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits & 0xff;
    }

    @Override
    public String toString() {
        return Integer.toString(intValue());
    }
}
