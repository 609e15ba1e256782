package io.ferrymq.codec;

import java.math.BigInteger;

/** An AMQP {@code ulong}: an integer in [0, 2^64 - 1] ({@code types.xml#type-ulong}). */
public final class UnsignedLong extends Number implements Comparable<UnsignedLong> {
    private static final UnsignedLong[] SMALL = new UnsignedLong[256];
    public static final UnsignedLong ZERO;
    public static final UnsignedLong MAX_VALUE = new UnsignedLong(-1L);

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new UnsignedLong(i);
        }
        ZERO = SMALL[0];
    }

    private final long bits;

    private UnsignedLong(long bits) {
        this.bits = bits;
    }

    /** The ulong whose 64 bits are {@code bits} (so -1 is 2^64 - 1). */
    public static UnsignedLong valueOf(long bits) {
        return (bits & ~0xffL) == 0 ? SMALL[(int) bits] : new UnsignedLong(bits);
    }

    /** The ulong {@code value}, which must lie in [0, 2^64 - 1]. */
    public static UnsignedLong valueOf(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw new IllegalArgumentException("ulong out of range [0, 2^64 - 1]: " + value);
        }
        return valueOf(value.longValue());
    }

    public long longBits() {
        return bits;
    }

    public BigInteger bigIntegerValue() {
        return new BigInteger(Long.toUnsignedString(bits));
    }

    @Override
    public int intValue() {
        return (int) bits;
    }

    @Override
    public long longValue() {
        return bits;
    }

    @Override
    public float floatValue() {
        return bigIntegerValue().floatValue();
    }

    @Override
    public double doubleValue() {
        return bigIntegerValue().doubleValue();
    }

    @Override
    public int compareTo(UnsignedLong o) {
        return Long.compareUnsigned(bits, o.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsignedLong u && u.bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(bits);
    }
}
