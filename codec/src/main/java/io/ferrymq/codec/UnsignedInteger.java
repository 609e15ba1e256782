package io.ferrymq.codec;

/** An AMQP {@code uint}: an integer in [0, 2^32 - 1] ({@code types.xml#type-uint}). */
public final class UnsignedInteger extends Number implements Comparable<UnsignedInteger> {
    private static final UnsignedInteger[] SMALL = new UnsignedInteger[256];
    public static final UnsignedInteger ZERO;
    public static final UnsignedInteger ONE;
    public static final UnsignedInteger MAX_VALUE = new UnsignedInteger(-1);

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new UnsignedInteger(i);
        }
        ZERO = SMALL[0];
        ONE = SMALL[1];
    }

    private final int bits;

    private UnsignedInteger(int bits) {
        this.bits = bits;
    }

    /** The uint whose 32 bits are {@code bits} (so -1 is 4294967295). */
    public static UnsignedInteger valueOf(int bits) {
        return (bits & ~0xff) == 0 ? SMALL[bits] : new UnsignedInteger(bits);
    }

    /** The uint {@code value}, which must lie in [0, 2^32 - 1]. */
    public static UnsignedInteger valueOf(long value) {
        if ((value & ~0xffff_ffffL) != 0) {
            throw new IllegalArgumentException("uint out of range [0, 4294967295]: " + value);
        }
        return valueOf((int) value);
    }

    public int intBits() {
        return bits;
    }

    @Override
    public int intValue() {
        return bits;
    }

    @Override
    public long longValue() {
        return Integer.toUnsignedLong(bits);
    }

    @Override
    public float floatValue() {
        return longValue();
    }

    @Override
    public double doubleValue() {
        return longValue();
    }

    @Override
    public int compareTo(UnsignedInteger o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsignedInteger u && u.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(bits);
    }
}
