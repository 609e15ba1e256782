package io.ferrymq.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the journal on disk means, kept in memory: the message index, the durable queues and subscriptions, the
 * transactions with records on disk, the segments and their live-byte estimates. Recovery builds it by applying every
 * record in journal order; at run time the writer applies each record once it is durable, so the two paths share
 * these rules exactly. Compaction reads it to decide which records are still needed.
 *
 * <p>Guarded by one read-write lock: the writer takes the write lock once per batch, compaction takes it to commit,
 * reads take the read lock.
 */
final class LiveState {
    /** A durable queue or subscription. */
    static final class Entity {
        final boolean queue;
        final long id;
        byte[] settings;
        boolean alive = true;
        long createLocation;
        int createSize;
        long deleteLocation = Locations.NONE;
        /** The id was used again after a delete: keep every delete record of it (see docs/store.md). */
        boolean reused;

        Entity(boolean queue, long id) {
            this.queue = queue;
            this.id = id;
        }
    }

    static final int OPEN = 0;
    static final int PREPARED = 1;
    static final int COMMITTED = 2;
    static final int ROLLED_BACK = 3;

    /** A transaction with records on disk. */
    static final class Tx {
        final long id;
        int status = OPEN;
        byte[] data;
        /** Transactional add and remove records of this transaction still on disk. */
        int taggedOnDisk;

        long prepareLocation = Locations.NONE;
        int prepareSize;
        long decisionLocation = Locations.NONE;
        // Until decided: the work the decision applies, in order.
        LongList adds = new LongList(4);
        List<long[]> addQueues = new ArrayList<>(4);
        LongList removeQueues = new LongList(4);
        LongList removeMessages = new LongList(4);

        Tx(long id) {
            this.id = id;
        }

        boolean undecided() {
            return status == OPEN || status == PREPARED;
        }
    }

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final MessageIndex index = new MessageIndex();
    final Map<Long, Entity> queues = new LinkedHashMap<>();
    final Map<Long, Entity> subscriptions = new LinkedHashMap<>();
    final Map<Long, Tx> txs = new LinkedHashMap<>();
    final SegmentSet segments = new SegmentSet();

    Map<Long, Entity> entities(RecordType t) {
        return t == RecordType.QUEUE_CREATED || t == RecordType.QUEUE_DELETED ? queues : subscriptions;
    }

    boolean queueAlive(long queueId) {
        Entity e = queues.get(queueId);
        return e != null && e.alive;
    }

    private void addLive(long location, long bytes) {
        Segment s = segments.byFileId(Locations.fileId(location));
        if (s != null) {
            s.liveBytes += bytes;
        }
    }

    /**
     * Applies one durable record (its {@code location} and {@code size} set). Caller holds the write lock.
     *
     * @return null, or the reason the record was refused; a refused record changes nothing here and is ignored the
     *     same way by recovery, so the caller fails the append with it
     */
    RuntimeException apply(Record r, QueueContents contents) {
        RuntimeException refused = applyRecord(r, contents);
        track(r, refused);
        return refused;
    }

    /**
     * Notes in the record's segment what it holds, so that compaction can tell, without reading the segment, when
     * nothing in it is needed any more ({@link Segment#needsScan}). The rules are compaction's (CompactionPass): a
     * plain add is needed while live; a remove or delivery count while its add is on disk, which for an add in the same
     * segment ends with the segment itself; anything else is left to a scan.
     */
    private void track(Record r, RuntimeException refused) {
        Segment s = segments.byFileId(Locations.fileId(r.location));
        if (s == null) {
            return;
        }
        if (refused != null) {
            s.noteNeedsScan();
            return;
        }
        switch (r.type) {
            case ADD_MESSAGE -> s.noteAdd(r.messageId);
            case REMOVE_MESSAGE, DELIVERY_COUNT -> {
                long at = index.location(r.messageId);
                if (at != Locations.NONE && Locations.fileId(at) != s.fileId()) {
                    s.noteForeignRef(r.messageId);
                }
            }
            case SEGMENT_END -> {}
            default -> s.noteNeedsScan();
        }
    }

    private RuntimeException applyRecord(Record r, QueueContents contents) {
        switch (r.type) {
            case QUEUE_CREATED, SUBSCRIPTION_CREATED:
                return createEntity(r);
            case QUEUE_DELETED, SUBSCRIPTION_DELETED:
                return deleteEntity(r, contents);
            case ADD_MESSAGE:
                return addMessage(r, contents);
            case REMOVE_MESSAGE:
                if (contents.removed(r.queueId, r.messageId)) {
                    decRef(r.messageId);
                }
                return null;
            case DELIVERY_COUNT:
                contents.deliveryCount(r.queueId, r.messageId, r.deliveryCount);
                return null;
            case SEGMENT_END:
                return null;
            default:
                return applyTransactional(r, contents);
        }
    }

    private RuntimeException createEntity(Record r) {
        Map<Long, Entity> map = entities(r.type);
        Entity e = map.get(r.entityId);
        if (e != null && e.alive) {
            return new IllegalStateException(kind(r.type) + " " + r.entityId + " exists already");
        }
        if (e == null) {
            e = new Entity(r.type == RecordType.QUEUE_CREATED, r.entityId);
            map.put(r.entityId, e);
        } else {
            e.reused = true;
            e.alive = true;
        }
        e.settings = r.data;
        e.createLocation = r.location;
        e.createSize = r.size;
        addLive(r.location, r.size);
        return null;
    }

    private RuntimeException deleteEntity(Record r, QueueContents contents) {
        Entity e = entities(r.type).get(r.entityId);
        if (e == null || !e.alive) {
            return new IllegalStateException("no " + kind(r.type) + " " + r.entityId);
        }
        e.alive = false;
        e.deleteLocation = r.location;
        addLive(e.createLocation, -e.createSize);
        if (e.queue) {
            for (long m : contents.queueDeleted(r.entityId, r)) {
                decRef(m);
            }
        }
        return null;
    }

    private static String kind(RecordType t) {
        return t == RecordType.QUEUE_CREATED || t == RecordType.QUEUE_DELETED ? "queue" : "subscription";
    }

    private RuntimeException addMessage(Record r, QueueContents contents) {
        if (index.contains(r.messageId)) {
            return new IllegalStateException("message id " + r.messageId + " is in the store already");
        }
        int refs = enqueueOnLiveQueues(r.messageId, r.queueIds, r.queueCount, contents);
        index.put(r.messageId, r.location, r.size, refs);
        if (refs > 0) {
            addLive(r.location, r.size);
        }
        return null;
    }

    /** Enqueues the message on those of the queues that exist; returns how many did. */
    private int enqueueOnLiveQueues(long messageId, long[] queueIds, int count, QueueContents contents) {
        int refs = 0;
        for (int i = 0; i < count; i++) {
            if (queueAlive(queueIds[i])) {
                contents.enqueued(queueIds[i], messageId);
                refs++;
            }
        }
        return refs;
    }

    /** Drops one queue reference of a message; when the last goes, its add record stops counting as live. */
    void decRef(long messageId) {
        long location = index.location(messageId);
        if (location == Locations.NONE) {
            return;
        }
        int refs = index.refs(messageId);
        if (refs > 0) {
            index.setRefs(messageId, refs - 1);
            if (refs == 1) {
                addLive(location, -index.frameSize(messageId));
            }
        }
    }

    private RuntimeException applyTransactional(Record r, QueueContents contents) {
        Tx tx = txs.get(r.txId);
        boolean decision = r.type == RecordType.TX_COMMIT || r.type == RecordType.TX_ROLLBACK;
        if (tx == null || (!decision && !tx.undecided() && tx.taggedOnDisk == 0)) {
            // A new transaction, or an id used again when only the decision of its earlier use is left on disk.
            tx = new Tx(r.txId);
            txs.put(r.txId, tx);
        }
        switch (r.type) {
            case TX_ADD_MESSAGE -> {
                tx.taggedOnDisk++;
                if (!tx.undecided()) {
                    return decided(tx);
                }
                if (index.contains(r.messageId)) {
                    return new IllegalStateException("message id " + r.messageId + " is in the store already");
                }
                index.put(r.messageId, r.location, r.size, -1);
                addLive(r.location, r.size);
                tx.adds.add(r.messageId);
                tx.addQueues.add(r.queues());
            }
            case TX_REMOVE_MESSAGE -> {
                tx.taggedOnDisk++;
                if (!tx.undecided()) {
                    return decided(tx);
                }
                tx.removeQueues.add(r.queueId);
                tx.removeMessages.add(r.messageId);
            }
            case TX_PREPARE -> {
                if (!tx.undecided()) {
                    return decided(tx);
                }
                tx.status = PREPARED;
                tx.data = r.data;
                tx.prepareLocation = r.location;
                tx.prepareSize = r.size;
                addLive(r.location, r.size);
            }
            case TX_COMMIT, TX_ROLLBACK -> {
                if (!tx.undecided()) {
                    return decided(tx);
                }
                decide(tx, r, contents);
            }
            default -> throw new IllegalArgumentException(r.type.toString());
        }
        return null;
    }

    private static RuntimeException decided(Tx tx) {
        return new IllegalStateException("transaction " + tx.id + " is decided already");
    }

    private void decide(Tx tx, Record r, QueueContents contents) {
        boolean commit = r.type == RecordType.TX_COMMIT;
        for (int i = 0; i < tx.adds.size(); i++) {
            long m = tx.adds.get(i);
            long[] q = tx.addQueues.get(i);
            int refs = commit ? enqueueOnLiveQueues(m, q, q.length, contents) : 0;
            index.setRefs(m, refs);
            if (refs == 0) {
                addLive(index.location(m), -index.frameSize(m));
            }
        }
        if (commit) {
            for (int i = 0; i < tx.removeMessages.size(); i++) {
                if (contents.removed(tx.removeQueues.get(i), tx.removeMessages.get(i))) {
                    decRef(tx.removeMessages.get(i));
                }
            }
        }
        if (tx.prepareLocation != Locations.NONE) {
            addLive(tx.prepareLocation, -tx.prepareSize);
        }
        tx.status = commit ? COMMITTED : ROLLED_BACK;
        tx.decisionLocation = r.location;
        tx.adds = null;
        tx.addQueues = null;
        tx.removeQueues = null;
        tx.removeMessages = null;
    }

    /** Segment and position of a message's add record for a read; the segment is retained. Caller holds a lock. */
    boolean locate(long messageId, ReadLocation out) {
        long location = index.location(messageId);
        if (location == Locations.NONE || index.refs(messageId) == 0) {
            return false;
        }
        Segment s = segments.byFileId(Locations.fileId(location));
        if (s == null || !s.retain()) {
            return false;
        }
        out.segment = s;
        out.offset = Locations.offset(location);
        out.size = index.frameSize(messageId);
        return true;
    }

    /** Where a read finds a record: filled in by {@link #locate}. */
    static final class ReadLocation {
        Segment segment;
        int offset;
        int size;
    }

    /** Counts of live messages and all indexed messages. Caller holds a lock. */
    long[] messageCounts() {
        long[] counts = new long[2];
        index.forEach((id, loc, size, refs) -> {
            counts[1]++;
            if (refs != 0) {
                counts[0]++;
            }
        });
        return counts;
    }
}
