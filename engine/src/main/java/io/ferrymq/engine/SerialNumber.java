package io.ferrymq.engine;

/**
 * Arithmetic on 32-bit sequence numbers (delivery-id, transfer-id, delivery-count), which wrap
 * around: RFC 1982 serial number arithmetic with SERIAL_BITS = 32 ({@code transport.xml#type-sequence-no}).
 * Values are held in {@code long}s in [0, 2^32 - 1].
 */
public final class SerialNumber {
    private SerialNumber() {}

    public static final long MASK = 0xffff_ffffL;

    /** {@code a + n} modulo 2^32. */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** {@code a + 1} modulo 2^32. */
    public static long next(long a) {
        return (a + 1) & MASK;
    }

    /**
     * The signed distance from {@code b} to {@code a}: positive when {@code a} is after
     * {@code b}, in (-2^31, 2^31).
     */
    public static int diff(long a, long b) {
        return (int) (a - b);
    }

    /** True when {@code a} comes before {@code b} in serial order. */
    public static boolean lessThan(long a, long b) {
        return diff(a, b) < 0;
    }

    /** True when {@code a} comes before or is {@code b}. */
    public static boolean lessOrEqual(long a, long b) {
        return diff(a, b) <= 0;
    }
}
