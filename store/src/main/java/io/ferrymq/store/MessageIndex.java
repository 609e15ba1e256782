package io.ferrymq.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message id to the location of its add record, its framed size and its reference count, in primitive arrays: no
 * object per message, so a million messages cost tens of megabytes, not hundreds. Not thread-safe: {@link LiveState}
 * guards it.
 *
 * <p>Message ids are handed out in order, so the ids the journal holds come in dense runs. They are kept in
 * <em>chunks</em>: arrays for {@value #CHUNK} consecutive ids, the slot of an id at its offset in its chunk. The
 * writer applies every durable add and remove here on the path of its appends; with a hash table each new id
 * landed on a random cache line and page of a table that, with millions of messages, is far larger than the caches
 * (28% of the writer thread's profile at 64 appenders of 100 B); in a chunk, consecutive ids are neighbours.
 * A chunk is only made for ids past every chunk made before; ids below that without a chunk live in a
 * {@link HashedIndex}. When chunks hold fewer than a quarter of the slots they take (ids handed to messages that
 * were never stored, or stragglers left behind by consumers), the sparse ones move their entries to the hashed
 * part when the next chunk is made, so memory stays within a few times that of the entries themselves.
 *
 * <p>Reference count: above zero, the number of queues still holding the message; zero, dead but its add record
 * still on disk (kept so compaction knows what to drop); below zero, added by a transaction not yet decided.
 */
final class MessageIndex {
    /** Visits entries; see {@link #forEach}. */
    interface Visitor {
        void visit(long messageId, long location, int size, int refs);
    }

    private static final int CHUNK_BITS = 12;
    static final int CHUNK = 1 << CHUNK_BITS;
    /** Longs per slot: id (0 for empty), location, framed size in the high 32 bits and reference count in the low. */
    private static final int STRIDE = 3;

    private static final class Chunk {
        final long number;
        final long[] slots = new long[CHUNK * STRIDE];
        int count;

        Chunk(long number) {
            this.number = number;
        }
    }

    private final Map<Long, Chunk> chunks = new HashMap<>();
    private final HashedIndex hashed = new HashedIndex();
    /** The highest chunk number ever made: ids of lower chunks that have none live in {@link #hashed}. */
    private long newest = -1;
    /** The chunk found last: nearly every lookup is for the newest ids. */
    private Chunk last;

    private int chunked;

    /** Number of entries, live and dead. */
    int size() {
        return chunked + hashed.size();
    }

    /** Number of chunks (for tests). */
    int chunks() {
        return chunks.size();
    }

    private Chunk chunkOf(long id) {
        long n = id >>> CHUNK_BITS;
        Chunk c = last;
        if (c != null && c.number == n) {
            return c;
        }
        c = chunks.get(n);
        if (c != null) {
            last = c;
        }
        return c;
    }

    private static int slot(long id) {
        return (int) (id & (CHUNK - 1)) * STRIDE;
    }

    /** Adds an entry; false (and no change) when {@code id} is present already. Ids must be above 0. */
    boolean put(long id, long location, int frameSize, int refs) {
        Chunk c = chunkOf(id);
        if (c == null) {
            long n = id >>> CHUNK_BITS;
            if (n <= newest) {
                return hashed.put(id, location, frameSize, refs);
            }
            c = open(n);
        }
        int at = slot(id);
        if (c.slots[at] != 0) {
            return false;
        }
        c.slots[at] = id;
        c.slots[at + 1] = location;
        c.slots[at + 2] = ((long) frameSize << 32) | (refs & 0xffffffffL);
        c.count++;
        chunked++;
        return true;
    }

    /** Makes the chunk for ids past every chunk so far, first moving sparse older chunks to the hashed part. */
    private Chunk open(long n) {
        if ((long) chunks.size() * CHUNK > 4L * size() + 2L * CHUNK) {
            List<Chunk> sparse = new ArrayList<>();
            for (Chunk c : chunks.values()) {
                if (c.count < CHUNK / 4) {
                    sparse.add(c);
                }
            }
            for (Chunk c : sparse) {
                moveToHashed(c);
            }
        }
        Chunk c = new Chunk(n);
        chunks.put(n, c);
        newest = n;
        last = c;
        return c;
    }

    private void moveToHashed(Chunk c) {
        long[] t = c.slots;
        for (int at = 0; at < t.length; at += STRIDE) {
            if (t[at] != 0) {
                hashed.put(t[at], t[at + 1], (int) (t[at + 2] >>> 32), (int) t[at + 2]);
            }
        }
        chunked -= c.count;
        drop(c);
    }

    private void drop(Chunk c) {
        chunks.remove(c.number);
        if (last == c) {
            last = null;
        }
    }

    /** Index in {@code c.slots} of the entry of {@code id}, or -1. */
    private static int find(Chunk c, long id) {
        int at = slot(id);
        return c.slots[at] == id ? at : -1;
    }

    boolean contains(long id) {
        Chunk c = chunkOf(id);
        return c == null ? hashed.contains(id) : find(c, id) >= 0;
    }

    /** Location of the add record of {@code id}, or {@link Locations#NONE}. */
    long location(long id) {
        Chunk c = chunkOf(id);
        if (c == null) {
            return hashed.location(id);
        }
        int at = find(c, id);
        return at < 0 ? Locations.NONE : c.slots[at + 1];
    }

    /** Framed size of the add record of {@code id}; the entry must exist. */
    int frameSize(long id) {
        Chunk c = chunkOf(id);
        return c == null ? hashed.frameSize(id) : (int) (c.slots[existing(c, id) + 2] >>> 32);
    }

    /** Reference count of {@code id}; the entry must exist. */
    int refs(long id) {
        Chunk c = chunkOf(id);
        return c == null ? hashed.refs(id) : (int) c.slots[existing(c, id) + 2];
    }

    void setRefs(long id, int refs) {
        Chunk c = chunkOf(id);
        if (c == null) {
            hashed.setRefs(id, refs);
            return;
        }
        int at = existing(c, id) + 2;
        c.slots[at] = (c.slots[at] & 0xffffffff00000000L) | (refs & 0xffffffffL);
    }

    void setLocation(long id, long location) {
        Chunk c = chunkOf(id);
        if (c == null) {
            hashed.setLocation(id, location);
            return;
        }
        c.slots[existing(c, id) + 1] = location;
    }

    private static int existing(Chunk c, long id) {
        int at = find(c, id);
        if (at < 0) {
            throw new IllegalStateException("message " + id + " is not in the index");
        }
        return at;
    }

    /** Removes {@code id}; false when absent. */
    boolean remove(long id) {
        Chunk c = chunkOf(id);
        if (c == null) {
            return hashed.remove(id);
        }
        int at = find(c, id);
        if (at < 0) {
            return false;
        }
        c.slots[at] = 0;
        c.count--;
        chunked--;
        if (c.count == 0 && c.number != newest) {
            drop(c);
        }
        return true;
    }

    /**
     * Removes every entry of an id in [{@code fromId}, {@code toId}] whose add record is in file {@code fileId}: a
     * segment retired without reading it takes its adds' entries with it. Returns how many were removed.
     */
    int removeLocatedIn(long fromId, long toId, int fileId) {
        int removed = 0;
        long span = toId - fromId; // ids are positive: no overflow
        for (long n = 0; n <= span; n++) {
            long id = fromId + n;
            long at = location(id);
            if (at != Locations.NONE && Locations.fileId(at) == fileId) {
                remove(id);
                removed++;
            }
        }
        return removed;
    }

    void forEach(Visitor v) {
        for (Chunk c : chunks.values()) {
            long[] t = c.slots;
            for (int at = 0; at < t.length; at += STRIDE) {
                if (t[at] != 0) {
                    v.visit(t[at], t[at + 1], (int) (t[at + 2] >>> 32), (int) t[at + 2]);
                }
            }
        }
        hashed.forEach(v);
    }
}
