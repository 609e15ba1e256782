package io.ferrymq.bench.store;

import io.ferrymq.store.Store;
import io.ferrymq.store.StoreOptions;
import io.ferrymq.store.StoreStats;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Durable appends through Ferry's journal: N appenders, each appending a message and waiting for its future (forced
 * to disk with {@code SyncPolicy.ALWAYS}) before the next, as a producer waiting for settlement does. The appenders
 * can be paused, so the raw loop can be measured between windows of the same run on a quiet disk.
 */
final class JournalAppendRun implements AutoCloseable {
    /** What a measurement window saw. */
    record Result(long appends, long forces, long journalBytes, double seconds, long latencyNanos) {
        Result plus(Result o) {
            return new Result(
                    appends + o.appends,
                    forces + o.forces,
                    journalBytes + o.journalBytes,
                    seconds + o.seconds,
                    latencyNanos + o.latencyNanos);
        }

        double appendsPerSecond() {
            return appends / seconds;
        }

        double journalBytesPerSecond() {
            return journalBytes / seconds;
        }

        double appendsPerForce() {
            return forces == 0 ? 0 : (double) appends / forces;
        }

        int bytesPerForce() {
            return forces == 0 ? 0 : (int) (journalBytes / forces);
        }

        double meanLatencyMicros() {
            return appends == 0 ? 0 : latencyNanos / 1e3 / appends;
        }
    }

    /**
     * How appenders run. {@link #CHAINED}: each appender issues its next append from the completion of the previous
     * one, as a producer on a broker's event loop would (no thread per producer). {@link #THREADS}: one OS thread per
     * appender, blocked in {@code join()} while it waits.
     */
    enum Mode {
        CHAINED,
        THREADS
    }

    /**
     * What follows each append. {@link #APPEND}: nothing; the journal only grows, and every new segment is
     * zero-filled. {@link #APPEND_CONSUME}: once durable, the message is removed (a lazy remove, as a broker records
     * a consumer's acknowledgement), so segments empty, compaction frees them and new segments are made from them:
     * the steady state of a durable queue whose consumers keep up.
     */
    enum Workload {
        APPEND,
        APPEND_CONSUME
    }

    private final Path dir;
    private final Store store;
    private final Mode mode;
    private final Workload workload;
    private final int appenders;
    private final byte[] payload;
    private final LongAdder appends = new LongAdder();
    private final LongAdder latency = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stop;
    private volatile Throwable error;
    private CountDownLatch stopped;

    JournalAppendRun(Path dir, StoreOptions options, Mode mode, Workload workload, int appenders, int messageSize)
            throws IOException {
        deleteTree(dir);
        this.dir = dir;
        this.mode = mode;
        this.workload = workload;
        this.appenders = appenders;
        this.payload = new byte[messageSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        this.store = Store.open(dir, options);
        store.createQueue(1, new byte[0]).join();
    }

    /** Starts (or restarts) the appenders. */
    void start() {
        stop = false;
        stopped = new CountDownLatch(appenders);
        for (int t = 0; t < appenders; t++) {
            if (mode == Mode.CHAINED) {
                next(System.nanoTime());
            } else {
                new Thread(
                                () -> {
                                    while (!stop) {
                                        long start = System.nanoTime();
                                        long id = store.nextMessageId();
                                        store.addMessage(id, Unpooled.wrappedBuffer(payload), 1)
                                                .join();
                                        completed(id, start);
                                    }
                                    stopped.countDown();
                                },
                                "appender-" + t)
                        .start();
            }
        }
    }

    /** Stops the appenders and waits until none has an append in flight. */
    void pause() throws InterruptedException {
        stop = true;
        if (!stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("appenders did not stop");
        }
        if (error != null) {
            throw new IllegalStateException("an append failed", error);
        }
    }

    /** Measures the running appenders for {@code seconds}. */
    Result measure(double seconds) throws InterruptedException {
        StoreStats before = store.stats();
        long sum0 = appends.sum();
        long lat0 = latency.sum();
        long started = System.nanoTime();
        measuring = true;
        Thread.sleep((long) (seconds * 1000));
        measuring = false;
        long ended = System.nanoTime();
        StoreStats after = store.stats();
        return new Result(
                appends.sum() - sum0,
                after.forces() - before.forces(),
                after.bytesWritten() - before.bytesWritten(),
                (ended - started) / 1e9,
                latency.sum() - lat0);
    }

    /** Counts a completed append that started at {@code start}; returns the time it completed. */
    private long completed(long id, long start) {
        if (workload == Workload.APPEND_CONSUME) {
            store.removeMessageLazily(1, id);
        }
        long now = System.nanoTime();
        if (measuring) {
            appends.increment();
            latency.add(now - start);
        }
        return now;
    }

    /**
     * Appends at {@code start}, and from the completion appends again, until stopped. The completion's clock reading
     * is the next append's start: one reading an append, not two (the harness's clock reads were 3% of the writer
     * thread's samples at 64 appenders, work the raw loop it is compared with does not do).
     */
    private void next(long start) {
        if (stop || error != null) {
            stopped.countDown();
            return;
        }
        long id = store.nextMessageId();
        store.addMessage(id, Unpooled.wrappedBuffer(payload), 1).whenComplete((v, e) -> {
            if (e != null) {
                error = e;
                next(System.nanoTime());
            } else {
                next(completed(id, start));
            }
        });
    }

    @Override
    public void close() throws IOException {
        store.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
