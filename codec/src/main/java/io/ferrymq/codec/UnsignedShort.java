package io.ferrymq.codec;

/** An AMQP {@code ushort}: an integer in [0, 65535] ({@code types.xml#type-ushort}). */
public final class UnsignedShort extends Number implements Comparable<UnsignedShort> {
    private static final UnsignedShort[] SMALL = new UnsignedShort[256];
    public static final UnsignedShort MAX_VALUE = new UnsignedShort((short) -1);

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new UnsignedShort((short) i);
        }
    }

    private final short bits;

    private UnsignedShort(short bits) {
        this.bits = bits;
    }

    /** The ushort whose sixteen bits are {@code bits}. */
    public static UnsignedShort valueOf(short bits) {
        int v = bits & 0xffff;
        return v < SMALL.length ? SMALL[v] : new UnsignedShort(bits);
    }

    /** The ushort {@code value}, which must lie in [0, 65535]. */
    public static UnsignedShort valueOf(int value) {
        if ((value & ~0xffff) != 0) {
            throw new IllegalArgumentException("ushort out of range [0, 65535]: " + value);
        }
        return valueOf((short) value);
    }

    public short shortBits() {
        return bits;
    }

    @Override
    public int intValue() {
        return bits & 0xffff;
    }

    @Override
    public long longValue() {
        return bits & 0xffff;
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
    public int compareTo(UnsignedShort o) {
        return Integer.compare(intValue(), o.intValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsignedShort u && u.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits & 0xffff;
    }

    @Override
    public String toString() {
        return Integer.toString(intValue());
    }
}
