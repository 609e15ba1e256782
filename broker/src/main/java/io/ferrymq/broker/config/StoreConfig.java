package io.ferrymq.broker.config;

import io.ferrymq.store.SyncPolicy;
import java.time.Duration;

/**
 * The journal's settings.
 *
 * @param sync when appends are forced to disk
 * @param syncInterval the longest delay before a force with {@code interval}
 * @param segmentSize the size of each journal file (a message must fit in one)
 * @param maxDiskBytes disk the journal may use (-1: the whole disk)
 * @param acceptJournalDamage start even when journal segments are missing or unreadable, without what they held (a
 *     command-line choice for one start, never read from the file)
 */
public record StoreConfig(
        SyncPolicy sync, Duration syncInterval, int segmentSize, long maxDiskBytes, boolean acceptJournalDamage) {
    public StoreConfig(SyncPolicy sync, Duration syncInterval, int segmentSize, long maxDiskBytes) {
        this(sync, syncInterval, segmentSize, maxDiskBytes, false);
    }

    public static StoreConfig defaults() {
        return new StoreConfig(SyncPolicy.ALWAYS, Duration.ofMillis(5), 64 * 1024 * 1024, -1);
    }

    public StoreConfig withAcceptJournalDamage(boolean accept) {
        return new StoreConfig(sync, syncInterval, segmentSize, maxDiskBytes, accept);
    }
}
