package io.ferrymq.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of one compaction of a run of adjacent segments: which records are still needed, and, once the
 * output file is in place, the changes that point the live state at it. Journal order is kept (the output takes the
 * run's place), so a record may be dropped exactly when nothing before it on disk needs it any more
 * (docs/store.md, "Compaction"):
 * <ul>
 *   <li>an add is kept while its message is live (or its transaction undecided);</li>
 *   <li>a remove or delivery count is kept while the add it refers to stays on disk: in this output (copied in this
 *       pass) or in an earlier segment;</li>
 *   <li>a queue or subscription creation is kept while the entity lives; its deletion while the creation stays on
 *       disk before it;</li>
 *   <li>transactional records are kept while the transaction is undecided; after a commit they follow the rules
 *       above; after a rollback they go; a commit or rollback record is kept while any record of its transaction
 *       remains.</li>
 * </ul>
 * {@link #keep} runs under the state's read lock, {@link #commit} under its write lock.
 */
final class CompactionPass {
    private final LiveState state;
    private final Set<Integer> runFileIds;
    private final LongIntMap copiedAdds = new LongIntMap(1024);
    private final LongList movedIds = new LongList(1024);
    private final LongList movedFrom = new LongList(1024);
    private final LongList movedTo = new LongList(1024);
    private final LongList droppedIds = new LongList(1024);
    private final LongList droppedFrom = new LongList(1024);
    private final Map<LiveState.Tx, Integer> txDropped = new HashMap<>();
    private final List<Move> moves = new ArrayList<>();
    private long keptOtherLive;
    private long keptRecords;

    /** A create, delete, prepare or decision record moved (to NONE when dropped). */
    private record Move(Object owner, RecordType type, long from, long to) {}

    CompactionPass(LiveState state, List<Segment> run) {
        this.state = state;
        this.runFileIds = new HashSet<>();
        for (Segment s : run) {
            runFileIds.add(s.fileId());
        }
    }

    long keptRecords() {
        return keptRecords;
    }

    /** Decides whether the record at {@code from} goes to the output, where it would land at {@code to}. */
    boolean keep(Record r, long from, long to) {
        boolean keep = decide(r, from);
        if (keep) {
            keptRecords++;
        }
        long target = keep ? to : Locations.NONE;
        switch (r.type) {
            case ADD_MESSAGE, TX_ADD_MESSAGE -> {
                if (keep) {
                    copiedAdds.put(r.messageId, 1);
                    movedIds.add(r.messageId);
                    movedFrom.add(from);
                    movedTo.add(to);
                } else if (state.index.location(r.messageId) == from) {
                    droppedIds.add(r.messageId);
                    droppedFrom.add(from);
                }
            }
            case QUEUE_CREATED, SUBSCRIPTION_CREATED, QUEUE_DELETED, SUBSCRIPTION_DELETED -> {
                LiveState.Entity e = state.entities(r.type).get(r.entityId);
                if (e != null) {
                    moves.add(new Move(e, r.type, from, target));
                    if (keep && e.alive) {
                        keptOtherLive += r.size;
                    }
                }
            }
            case TX_PREPARE, TX_COMMIT, TX_ROLLBACK -> {
                LiveState.Tx tx = state.txs.get(r.txId);
                if (tx != null) {
                    moves.add(new Move(tx, r.type, from, target));
                }
            }
            default -> {}
        }
        if (r.type == RecordType.TX_ADD_MESSAGE || r.type == RecordType.TX_REMOVE_MESSAGE) {
            LiveState.Tx tx = state.txs.get(r.txId);
            if (tx != null && !keep) {
                txDropped.merge(tx, 1, Integer::sum);
            } else if (tx != null && tx.undecided()) {
                keptOtherLive += r.size;
            }
        }
        return keep;
    }

    private boolean decide(Record r, long from) {
        switch (r.type) {
            case ADD_MESSAGE:
                return liveAdd(r.messageId, from);
            case REMOVE_MESSAGE:
                return addStaysOnDisk(r.messageId);
            case DELIVERY_COUNT: {
                long at = state.index.location(r.messageId);
                if (at == Locations.NONE) {
                    return false;
                }
                return inRun(at) ? copiedAdds.containsKey(r.messageId) : state.index.refs(r.messageId) != 0;
            }
            case QUEUE_CREATED, SUBSCRIPTION_CREATED: {
                LiveState.Entity e = state.entities(r.type).get(r.entityId);
                return e != null && e.alive && e.createLocation == from;
            }
            case QUEUE_DELETED, SUBSCRIPTION_DELETED: {
                LiveState.Entity e = state.entities(r.type).get(r.entityId);
                return e != null && (e.reused || (e.createLocation != Locations.NONE && !inRun(e.createLocation)));
            }
            case SEGMENT_END:
                return false; // a compaction output is never appended to, so never moved on from
            default:
                return decideTransactional(r, from);
        }
    }

    private boolean decideTransactional(Record r, long from) {
        LiveState.Tx tx = state.txs.get(r.txId);
        if (tx == null) {
            return false;
        }
        switch (r.type) {
            case TX_ADD_MESSAGE:
                return tx.undecided() || (tx.status == LiveState.COMMITTED && liveAdd(r.messageId, from));
            case TX_REMOVE_MESSAGE:
                return tx.undecided() || (tx.status == LiveState.COMMITTED && addStaysOnDisk(r.messageId));
            case TX_PREPARE:
                return tx.undecided() && tx.prepareLocation == from;
            default:
                return tx.decisionLocation == from && tx.taggedOnDisk - txDropped.getOrDefault(tx, 0) > 0;
        }
    }

    private boolean liveAdd(long messageId, long from) {
        return state.index.location(messageId) == from && state.index.refs(messageId) > 0;
    }

    private boolean addStaysOnDisk(long messageId) {
        long at = state.index.location(messageId);
        if (at == Locations.NONE) {
            return false;
        }
        return !inRun(at) || copiedAdds.containsKey(messageId);
    }

    private boolean inRun(long location) {
        return runFileIds.contains(Locations.fileId(location));
    }

    /**
     * Points the live state at the output (null when nothing was kept) and forgets what has left the disk. Returns the
     * output's live bytes.
     */
    long commit() {
        MessageIndex index = state.index;
        long live = keptOtherLive;
        for (int i = 0; i < movedIds.size(); i++) {
            long id = movedIds.get(i);
            if (index.location(id) == movedFrom.get(i)) {
                index.setLocation(id, movedTo.get(i));
                if (index.refs(id) != 0) {
                    live += index.frameSize(id);
                }
            }
        }
        for (int i = 0; i < droppedIds.size(); i++) {
            if (index.location(droppedIds.get(i)) == droppedFrom.get(i)) {
                index.remove(droppedIds.get(i));
            }
        }
        for (Map.Entry<LiveState.Tx, Integer> e : txDropped.entrySet()) {
            e.getKey().taggedOnDisk -= e.getValue();
        }
        for (Move m : moves) {
            if (m.owner instanceof LiveState.Entity e) {
                moveEntity(e, m);
            } else {
                moveTx((LiveState.Tx) m.owner, m);
            }
        }
        for (LiveState.Tx tx : txDropped.keySet()) {
            forgetIfGone(tx);
        }
        return live;
    }

    private void moveEntity(LiveState.Entity e, Move m) {
        if (m.type.isEntityCreate() && e.createLocation == m.from) {
            e.createLocation = m.to;
        } else if (m.type.isEntityDelete() && e.deleteLocation == m.from) {
            e.deleteLocation = m.to;
        }
        if (!e.alive && e.createLocation == Locations.NONE && e.deleteLocation == Locations.NONE) {
            state.entities(m.type).remove(e.id, e);
        }
    }

    private void moveTx(LiveState.Tx tx, Move m) {
        if (m.type == RecordType.TX_PREPARE && tx.prepareLocation == m.from) {
            tx.prepareLocation = m.to;
        } else if (m.type != RecordType.TX_PREPARE && tx.decisionLocation == m.from) {
            tx.decisionLocation = m.to;
        }
        forgetIfGone(tx);
    }

    private void forgetIfGone(LiveState.Tx tx) {
        if (!tx.undecided()
                && tx.decisionLocation == Locations.NONE
                && tx.taggedOnDisk <= 0
                && tx.prepareLocation == Locations.NONE) {
            state.txs.remove(tx.id, tx);
        }
    }
}
