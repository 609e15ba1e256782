package io.ferrymq.store;

/**
 * The hashed part of the {@link MessageIndex}: ids whose block of consecutive ids is too sparse for a direct array.
 * Message id to the location of its add record, its framed size and its reference count, in primitive arrays:
 * 24 bytes a slot and no object per message.
 *
 * <p>The table is split into 64 shards by the top bits of the hashed id, each an open-addressing table with linear
 * probing and backward-shift deletion; a shard grows on its own, so growing never needs twice the whole index at
 * once. A slot's id, location and size/count lie side by side in one array: with millions of messages the table is
 * far larger than the CPU's caches and an add or lookup costs one miss, not one per field. Not thread-safe.
 */
final class HashedIndex {
    private static final int SHARD_BITS = 6;
    private static final float LOAD = 0.7f;
    /** Longs per slot: id (0 for empty), location, framed size in the high 32 bits and reference count in the low. */
    private static final int STRIDE = 3;

    private final Shard[] shards = new Shard[1 << SHARD_BITS];
    private int size;

    HashedIndex() {
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(64);
        }
    }

    private static final class Shard {
        long[] slots;
        int count;
        int mask;

        Shard(int capacity) {
            slots = new long[capacity * STRIDE];
            mask = capacity - 1;
        }

        int capacity() {
            return mask + 1;
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
        if (s.count + 1 > s.capacity() * LOAD) {
            grow(s);
        }
        long[] t = s.slots;
        int i = (int) h & s.mask;
        long k;
        while ((k = t[i * STRIDE]) != 0) {
            if (k == id) {
                return false;
            }
            i = (i + 1) & s.mask;
        }
        int at = i * STRIDE;
        t[at] = id;
        t[at + 1] = location;
        t[at + 2] = ((long) frameSize << 32) | (refs & 0xffffffffL);
        s.count++;
        size++;
        return true;
    }

    private static void grow(Shard s) {
        long[] old = s.slots;
        int capacity = s.capacity() * 2;
        long[] t = new long[capacity * STRIDE];
        int mask = capacity - 1;
        for (int from = 0; from < old.length; from += STRIDE) {
            long k = old[from];
            if (k != 0) {
                int i = (int) mix(k) & mask;
                while (t[i * STRIDE] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, from, t, i * STRIDE, STRIDE);
            }
        }
        s.slots = t;
        s.mask = mask;
    }

    /** Index in {@code s.slots} of the slot of {@code id}, or -1. */
    private static int slot(Shard s, long id, long h) {
        long[] t = s.slots;
        int i = (int) h & s.mask;
        long k;
        while ((k = t[i * STRIDE]) != 0) {
            if (k == id) {
                return i * STRIDE;
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
        int at = slot(s, id, h);
        return at < 0 ? Locations.NONE : s.slots[at + 1];
    }

    /** Framed size of the add record of {@code id}; the entry must exist. */
    int frameSize(long id) {
        long h = mix(id);
        Shard s = shard(h);
        return (int) (s.slots[existing(s, id, h) + 2] >>> 32);
    }

    /** Reference count of {@code id}; the entry must exist. */
    int refs(long id) {
        long h = mix(id);
        Shard s = shard(h);
        return (int) s.slots[existing(s, id, h) + 2];
    }

    void setRefs(long id, int refs) {
        long h = mix(id);
        Shard s = shard(h);
        int at = existing(s, id, h) + 2;
        s.slots[at] = (s.slots[at] & 0xffffffff00000000L) | (refs & 0xffffffffL);
    }

    void setLocation(long id, long location) {
        long h = mix(id);
        Shard s = shard(h);
        s.slots[existing(s, id, h) + 1] = location;
    }

    private static int existing(Shard s, long id, long h) {
        int at = slot(s, id, h);
        if (at < 0) {
            throw new IllegalStateException("message " + id + " is not in the index");
        }
        return at;
    }

    /** Removes {@code id}; false when absent. */
    boolean remove(long id) {
        long h = mix(id);
        Shard s = shard(h);
        int at = slot(s, id, h);
        if (at < 0) {
            return false;
        }
        long[] t = s.slots;
        // Backward-shift deletion: move later members of the probe run into the hole, so lookups need no tombstones.
        int hole = at / STRIDE;
        int j = hole;
        for (; ; ) {
            j = (j + 1) & s.mask;
            long k = t[j * STRIDE];
            if (k == 0) {
                break;
            }
            int home = (int) mix(k) & s.mask;
            // Move k into the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                System.arraycopy(t, j * STRIDE, t, hole * STRIDE, STRIDE);
                hole = j;
            }
        }
        t[hole * STRIDE] = 0;
        s.count--;
        size--;
        return true;
    }

    void forEach(MessageIndex.Visitor v) {
        for (Shard s : shards) {
            long[] t = s.slots;
            for (int at = 0; at < t.length; at += STRIDE) {
                if (t[at] != 0) {
                    v.visit(t[at], t[at + 1], (int) (t[at + 2] >>> 32), (int) t[at + 2]);
                }
            }
        }
    }
}
