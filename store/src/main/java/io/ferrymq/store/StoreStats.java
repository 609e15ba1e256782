package io.ferrymq.store;

/**
 * A snapshot of a store's counters.
 *
 * @param segments        segment files in the journal
 * @param diskBytes       bytes those files take
 * @param liveBytes       estimated bytes of records still needed
 * @param liveMessages    messages held by at least one queue or an undecided transaction
 * @param indexedMessages index entries: live messages plus dead ones whose add record is not yet compacted away
 * @param pendingAppends  appends accepted and not yet completed
 * @param batches         batches the writer has taken
 * @param forces          forces (fdatasync) done
 * @param records         records written
 * @param bytesWritten    bytes written to segments by the writer
 * @param compactions     compaction runs done, segments retired unread included
 * @param retiredUnread   segments retired without being read: nothing in them was needed any more
 */
public record StoreStats(
        int segments,
        long diskBytes,
        long liveBytes,
        long liveMessages,
        long indexedMessages,
        int pendingAppends,
        long batches,
        long forces,
        long records,
        long bytesWritten,
        long compactions,
        long retiredUnread) {}
