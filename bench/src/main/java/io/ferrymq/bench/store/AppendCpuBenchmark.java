package io.ferrymq.bench.store;

import io.ferrymq.store.Store;
import io.ferrymq.store.StoreOptions;
import io.ferrymq.store.SyncPolicy;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal's CPU cost per append, without the disk's: append, wait, remove, with {@link SyncPolicy#NEVER} (no
 * force), one thread. Covers hand-off to the writer, framing and CRC32C, the write call, applying to the index and
 * completion. Run with {@code -prof gc} to see allocation per append.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AppendCpuBenchmark {
    @Param({"100", "1024"})
    int size;

    private Path dir;
    private Store store;
    private byte[] payload;
    private long previous;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("ferry-append-cpu");
        store = Store.open(
                dir, StoreOptions.builder().syncPolicy(SyncPolicy.NEVER).build());
        store.createQueue(1, new byte[0]).join();
        payload = new byte[size];
    }

    @Benchmark
    public void appendAndRemove() {
        long id = store.nextMessageId();
        store.addMessage(id, Unpooled.wrappedBuffer(payload), 1).join();
        if (previous != 0) {
            store.removeMessageLazily(1, previous);
        }
        previous = id;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        JournalAppendRun.deleteTree(dir);
    }
}
