package io.ferrymq.store;

/**
 * Message id to the location of its add record, its framed size and its reference count, in primitive arrays:
 * 24 bytes a slot and no object per message, so a million messages cost tens of megabytes, not hundreds.
 *
 * <p>The table is split into 64 shards by the top bits of the hashed id, each an open-addressing table with linear
 * probing and backward-shift deletion; a shard grows on its own, so growing never needs twice the whole index at
 * once. Not thread-safe: {@link LiveState} guards it.
 *
 * <p>Reference count: above zero, the number of queues still holding the message; zero, dead but its add record
 * still on disk (kept so compaction knows what to drop); below zero, added by a transaction not yet decided.
 */
final class MessageIndex {
    /** Visits entries; see {@link #forEach}. */
    interface Visitor {
        void visit(long messageId, long location, int size, int refs);
    }

    private static final int SHARD_BITS = 6;
    private static final float LOAD = 0.7f;
    private final Shard[] shards = new Shard[1 << SHARD_BITS];
    private int size;

    MessageIndex() {
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(64);
        }
    }

    private static final class Shard {
        long[] keys;
        long[] locations;
        /** Framed size in the high 32 bits, reference count in the low 32. */
        long[] meta;
        int count;
        int mask;

        Shard(int capacity) {
            keys = new long[capacity];
            locations = new long[capacity];
            meta = new long[capacity];
            mask = capacity - 1;
        }
    }

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private Shard shard(long h) {
        return shards[(int) (h >>> (64 - SHARD_BITS))];
    }

    /** Number of entries, live and dead. */
    int size() {
        return size;
    }

    /** Adds an entry; false (and no change) when {@code id} is present already. Ids must not be 0. */
    boolean put(long id, long location, int frameSize, int refs) {
        long h = mix(id);
        Shard s = shard(h);
        if (s.count + 1 > s.keys.length * LOAD) {
            grow(s);
        }
        int i = (int) h & s.mask;
        while (s.keys[i] != 0) {
            if (s.keys[i] == id) {
                return false;
            }
            i = (i + 1) & s.mask;
        }
        s.keys[i] = id;
        s.locations[i] = location;
        s.meta[i] = ((long) frameSize << 32) | (refs & 0xffffffffL);
        s.count++;
        size++;
        return true;
    }

    private static void grow(Shard s) {
        long[] keys = s.keys;
        long[] locations = s.locations;
        long[] meta = s.meta;
        int capacity = keys.length * 2;
        s.keys = new long[capacity];
        s.locations = new long[capacity];
        s.meta = new long[capacity];
        s.mask = capacity - 1;
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != 0) {
                int i = (int) mix(keys[j]) & s.mask;
                while (s.keys[i] != 0) {
                    i = (i + 1) & s.mask;
                }
                s.keys[i] = keys[j];
                s.locations[i] = locations[j];
                s.meta[i] = meta[j];
            }
        }
    }

    private int slot(Shard s, long id, long h) {
        int i = (int) h & s.mask;
        long k;
        while ((k = s.keys[i]) != 0) {
            if (k == id) {
                return i;
            }
            i = (i + 1) & s.mask;
        }
        return -1;
    }

    boolean contains(long id) {
        long h = mix(id);
        return slot(shard(h), id, h) >= 0;
    }

    /** Location of the add record of {@code id}, or {@link Locations#NONE}. */
    long location(long id) {
        long h = mix(id);
        Shard s = shard(h);
        int i = slot(s, id, h);
        return i < 0 ? Locations.NONE : s.locations[i];
    }

    /** Framed size of the add record of {@code id}; the entry must exist. */
    int frameSize(long id) {
        long h = mix(id);
        Shard s = shard(h);
        return (int) (s.meta[slot(s, id, h)] >>> 32);
    }

    /** Reference count of {@code id}; the entry must exist. */
    int refs(long id) {
        long h = mix(id);
        Shard s = shard(h);
        return (int) s.meta[slot(s, id, h)];
    }

    void setRefs(long id, int refs) {
        long h = mix(id);
        Shard s = shard(h);
        int i = slot(s, id, h);
        s.meta[i] = (s.meta[i] & 0xffffffff00000000L) | (refs & 0xffffffffL);
    }

    void setLocation(long id, long location) {
        long h = mix(id);
        Shard s = shard(h);
        s.locations[slot(s, id, h)] = location;
    }

    /** Removes {@code id}; false when absent. */
    boolean remove(long id) {
        long h = mix(id);
        Shard s = shard(h);
        int i = slot(s, id, h);
        if (i < 0) {
            return false;
        }
        // Backward-shift deletion: move later members of the probe run into the hole, so lookups need no tombstones.
        int hole = i;
        int j = i;
        for (;;) {
            j = (j + 1) & s.mask;
            long k = s.keys[j];
            if (k == 0) {
                break;
            }
            int home = (int) mix(k) & s.mask;
            // Move k into the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                s.keys[hole] = k;
                s.locations[hole] = s.locations[j];
                s.meta[hole] = s.meta[j];
                hole = j;
            }
        }
        s.keys[hole] = 0;
        s.count--;
        size--;
        return true;
    }

    void forEach(Visitor v) {
        for (Shard s : shards) {
            for (int i = 0; i < s.keys.length; i++) {
                if (s.keys[i] != 0) {
                    v.visit(s.keys[i], s.locations[i], (int) (s.meta[i] >>> 32), (int) s.meta[i]);
                }
            }
        }
    }
}
