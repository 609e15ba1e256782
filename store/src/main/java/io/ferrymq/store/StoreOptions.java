package io.ferrymq.store;

import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Store}; every one has a safe default ({@link #defaults()}). Immutable: change them through
 * {@link #builder()} or {@link #toBuilder()}.
 *
 * @param segmentSize         size of each preallocated segment file (default 64 MiB; 64 KiB to 1 GiB). A record,
 *                            and so a message, must fit in one segment
 * @param syncPolicy          when appends are forced to disk (default {@link SyncPolicy#ALWAYS})
 * @param syncInterval        with {@link SyncPolicy#INTERVAL}, the longest delay before a force; with
 *                            {@link SyncPolicy#ALWAYS}, the longest delay before lazily appended records are forced
 *                            (default 5 ms)
 * @param maxPendingAppends   appends accepted but not yet completed, at most (default 65,536)
 * @param maxPendingBytes     bytes of appends accepted but not yet completed, at most (default 64 MiB); past
 *                            either limit, awaited appends fail fast with {@link StoreOverloadedException}
 * @param writeBufferSize     size of the writer's batch buffer (default 1 MiB)
 * @param maxDiskBytes        disk the journal's segment files may take, at most (default: no limit but the disk's);
 *                            past it, appends that need a new segment fail with {@link StoreFullException}
 * @param compactionThreshold a sealed segment whose live bytes fall below this fraction of its size is compacted
 *                            (default 0.5)
 * @param compactionInterval  how often the compactor looks for work when nothing wakes it (default 1 s)
 * @param readAheadBytes      how much a {@link MessageReader} reads ahead of the record it is asked for
 *                            (default 256 KiB)
 * @param allocator           allocator for the buffers returned by reads (default {@link ByteBufAllocator#DEFAULT})
 * @param acceptJournalDamage open even when segments the journal's manifest lists are missing or unreadable, going
 *                            on without what they held (default false: {@link Store#open} refuses, naming them)
 */
public record StoreOptions(
        int segmentSize,
        SyncPolicy syncPolicy,
        Duration syncInterval,
        int maxPendingAppends,
        long maxPendingBytes,
        int writeBufferSize,
        long maxDiskBytes,
        double compactionThreshold,
        Duration compactionInterval,
        int readAheadBytes,
        ByteBufAllocator allocator,
        boolean acceptJournalDamage) {
    static final int MIN_SEGMENT_SIZE = 64 * 1024;
    static final int MAX_SEGMENT_SIZE = 1 << 30;

    /** Validates the settings. */
    public StoreOptions {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be between 64 KiB and 1 GiB: " + segmentSize);
        }
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must be positive: " + syncInterval);
        }
        if (maxPendingAppends < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("pending limits must be positive");
        }
        if (writeBufferSize < 4096) {
            throw new IllegalArgumentException("writeBufferSize must be at least 4 KiB: " + writeBufferSize);
        }
        if (maxDiskBytes < 2L * segmentSize) {
            throw new IllegalArgumentException("maxDiskBytes must allow at least two segments: " + maxDiskBytes);
        }
        if (!(compactionThreshold >= 0 && compactionThreshold < 1)) {
            throw new IllegalArgumentException("compactionThreshold must be in [0, 1): " + compactionThreshold);
        }
        if (compactionInterval.isNegative() || compactionInterval.isZero()) {
            throw new IllegalArgumentException("compactionInterval must be positive: " + compactionInterval);
        }
        if (readAheadBytes < 0) {
            throw new IllegalArgumentException("readAheadBytes must not be negative: " + readAheadBytes);
        }
        Objects.requireNonNull(allocator, "allocator");
    }

    /** The defaults: safe for durable messaging. */
    public static StoreOptions defaults() {
        return new StoreOptions(
                64 << 20,
                SyncPolicy.ALWAYS,
                Duration.ofMillis(5),
                65_536,
                64L << 20,
                1 << 20,
                Long.MAX_VALUE,
                0.5,
                Duration.ofSeconds(1),
                256 << 10,
                ByteBufAllocator.DEFAULT,
                false);
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.segmentSize = segmentSize;
        b.syncPolicy = syncPolicy;
        b.syncInterval = syncInterval;
        b.maxPendingAppends = maxPendingAppends;
        b.maxPendingBytes = maxPendingBytes;
        b.writeBufferSize = writeBufferSize;
        b.maxDiskBytes = maxDiskBytes;
        b.compactionThreshold = compactionThreshold;
        b.compactionInterval = compactionInterval;
        b.readAheadBytes = readAheadBytes;
        b.allocator = allocator;
        b.acceptJournalDamage = acceptJournalDamage;
        return b;
    }

    /** Builds {@link StoreOptions}; each setter is named after the setting it changes. */
    public static final class Builder {
        private int segmentSize;
        private SyncPolicy syncPolicy;
        private Duration syncInterval;
        private int maxPendingAppends;
        private long maxPendingBytes;
        private int writeBufferSize;
        private long maxDiskBytes;
        private double compactionThreshold;
        private Duration compactionInterval;
        private int readAheadBytes;
        private ByteBufAllocator allocator;
        private boolean acceptJournalDamage;

        private Builder() {}

        public Builder segmentSize(int v) {
            segmentSize = v;
            return this;
        }

        public Builder syncPolicy(SyncPolicy v) {
            syncPolicy = v;
            return this;
        }

        public Builder syncInterval(Duration v) {
            syncInterval = v;
            return this;
        }

        public Builder maxPendingAppends(int v) {
            maxPendingAppends = v;
            return this;
        }

        public Builder maxPendingBytes(long v) {
            maxPendingBytes = v;
            return this;
        }

        public Builder writeBufferSize(int v) {
            writeBufferSize = v;
            return this;
        }

        public Builder maxDiskBytes(long v) {
            maxDiskBytes = v;
            return this;
        }

        public Builder compactionThreshold(double v) {
            compactionThreshold = v;
            return this;
        }

        public Builder compactionInterval(Duration v) {
            compactionInterval = v;
            return this;
        }

        public Builder readAheadBytes(int v) {
            readAheadBytes = v;
            return this;
        }

        public Builder allocator(ByteBufAllocator v) {
            allocator = v;
            return this;
        }

        public Builder acceptJournalDamage(boolean v) {
            acceptJournalDamage = v;
            return this;
        }

        /** Validates and builds. */
        public StoreOptions build() {
            return new StoreOptions(
                    segmentSize,
                    syncPolicy,
                    syncInterval,
                    maxPendingAppends,
                    maxPendingBytes,
                    writeBufferSize,
                    maxDiskBytes,
                    compactionThreshold,
                    compactionInterval,
                    readAheadBytes,
                    allocator,
                    acceptJournalDamage);
        }
    }

    /** Largest record payload: a record must fit in one segment after its header. */
    int maxRecordPayload() {
        return segmentSize - SegmentHeader.SIZE - RecordCodec.HEADER_SIZE;
    }

    /** Largest payload an append may have: room for the segment-end record stays after it. */
    int maxAppendPayload() {
        return maxRecordPayload() - RecordCodec.SEGMENT_END_SIZE;
    }
}
