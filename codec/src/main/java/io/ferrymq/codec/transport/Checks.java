package io.ferrymq.codec.transport;

/** Range checks for fields of restricted integer types. */
final class Checks {
    private Checks() {}

    static long uint(long value, String field) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(field + " is a uint in [0, 4294967295], not " + value);
        }
        return value;
    }

    /** A uint field that may be absent, written as -1. */
    static long uintOrAbsent(long value, String field) {
        return value == -1 ? -1 : uint(value, field);
    }

    static int ushort(int value, String field) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(field + " is a ushort in [0, 65535], not " + value);
        }
        return value;
    }
}
