package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared helpers: small-segment options and message bodies whose bytes are derived from their id. */
final class TestData {
    static final int SMALL_SEGMENT = 64 * 1024;

    private TestData() {}

    static StoreOptions small() {
        return StoreOptions.builder()
                .segmentSize(SMALL_SEGMENT)
                .syncPolicy(SyncPolicy.ALWAYS)
                .compactionThreshold(0.5)
                .compactionInterval(Duration.ofHours(1))
                .readAheadBytes(16 * 1024)
                .build();
    }

    /** Like {@link #small()} but the compactor never finds work by itself (threshold 0). */
    static StoreOptions noCompaction() {
        return small().toBuilder().compactionThreshold(0).build();
    }

    /** Bytes of message {@code id}: a pattern that any misplaced or damaged byte breaks. */
    static byte[] bytes(long id, int size) {
        byte[] b = new byte[size];
        long x = id * 0x9E3779B97F4A7C15L + size;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static ByteBuf body(long id, int size) {
        return Unpooled.wrappedBuffer(bytes(id, size));
    }

    static int sizeOf(long id) {
        return 20 + (int) (id * 31 % 400);
    }

    static void assertBody(ByteBuf actual, long id, int size) {
        try {
            byte[] got = new byte[actual.readableBytes()];
            actual.readBytes(got);
            assertThat(got).as("bytes of message %d", id).isEqualTo(bytes(id, size));
        } finally {
            actual.release();
        }
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    static void awaitAll(List<CompletableFuture<Void>> fs) {
        await(CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])));
    }

    static Store open(Path dir, StoreOptions options) {
        try {
            return Store.open(dir, options);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds messages {@code from..to} (inclusive) to queue {@code q}, bodies sized by {@link #sizeOf}. */
    static List<Long> addRange(Store store, long q, long from, long to) {
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            fs.add(store.addMessage(id, body(id, sizeOf(id)), q));
            ids.add(id);
        }
        awaitAll(fs);
        return ids;
    }

    /** Adds messages {@code 1..count} to queue {@code q}, then removes them all (a consumer that kept up). */
    static void addThenRemoveAll(Store store, long q, long count) {
        List<CompletableFuture<Void>> removes = new ArrayList<>();
        for (long id : addRange(store, q, 1, count)) {
            removes.add(store.removeMessage(q, id));
        }
        awaitAll(removes);
    }

    static List<Long> ids(RecoveredQueue q) {
        List<Long> l = new ArrayList<>();
        for (long id : q.messageIds()) {
            l.add(id);
        }
        return l;
    }
}
