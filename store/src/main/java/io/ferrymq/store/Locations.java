package io.ferrymq.store;

/**
 * A record's location packed into one long: the segment file id in the high 32 bits, the byte offset in the low 32.
 * Segments are at most 1 GiB, so offsets fit; file ids are never reused, so a location names one record for ever.
 */
final class Locations {
    static final long NONE = -1L;

    private Locations() {}

    static long of(int fileId, long offset) {
        return ((long) fileId << 32) | (offset & 0xffffffffL);
    }

    static int fileId(long location) {
        return (int) (location >>> 32);
    }

    static int offset(long location) {
        return (int) location;
    }

    static String describe(long location) {
        return location == NONE ? "none" : "segment " + fileId(location) + " offset " + offset(location);
    }
}
