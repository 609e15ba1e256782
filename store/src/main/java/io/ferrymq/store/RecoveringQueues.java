package io.ferrymq.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Keeps each queue's messages in enqueue order while recovery replays the journal. */
final class RecoveringQueues implements QueueContents {
    private static final class QueueLog {
        final LongList ids = new LongList(64);
        int[] counts = new int[64];
        final LongIntMap positions = new LongIntMap();
        int removed;
    }

    private final Map<Long, QueueLog> logs = new HashMap<>();

    @Override
    public void enqueued(long queueId, long messageId) {
        QueueLog log = logs.computeIfAbsent(queueId, q -> new QueueLog());
        int i = log.ids.size();
        log.ids.add(messageId);
        if (i == log.counts.length) {
            log.counts = Arrays.copyOf(log.counts, i * 2);
        }
        log.counts[i] = 0;
        log.positions.put(messageId, i);
    }

    private static int position(QueueLog log, long messageId) {
        if (log == null) {
            return -1;
        }
        int i = log.positions.get(messageId);
        return i == LongIntMap.MISSING || log.ids.get(i) == 0 ? -1 : i;
    }

    @Override
    public boolean removed(long queueId, long messageId) {
        QueueLog log = logs.get(queueId);
        int i = position(log, messageId);
        if (i < 0) {
            return false;
        }
        log.ids.set(i, 0);
        log.removed++;
        return true;
    }

    @Override
    public void deliveryCount(long queueId, long messageId, int count) {
        QueueLog log = logs.get(queueId);
        int i = position(log, messageId);
        if (i >= 0) {
            log.counts[i] = count;
        }
    }

    @Override
    public long[] queueDeleted(long queueId, Record deletion) {
        QueueLog log = logs.remove(queueId);
        return log == null ? new long[0] : messages(log).ids;
    }

    private record Contents(long[] ids, int[] counts) {}

    private static Contents messages(QueueLog log) {
        int n = log.ids.size() - log.removed;
        long[] ids = new long[n];
        int[] counts = new int[n];
        int j = 0;
        for (int i = 0; i < log.ids.size(); i++) {
            long id = log.ids.get(i);
            if (id != 0) {
                ids[j] = id;
                counts[j++] = log.counts[i];
            }
        }
        return new Contents(ids, counts);
    }

    /** The recovered contents of a live queue (empty if it never held a message). */
    RecoveredQueue toRecovered(LiveState.Entity queue) {
        QueueLog log = logs.remove(queue.id);
        Contents c = log == null ? new Contents(new long[0], new int[0]) : messages(log);
        return new RecoveredQueue(queue.id, queue.settings, c.ids, c.counts);
    }
}
