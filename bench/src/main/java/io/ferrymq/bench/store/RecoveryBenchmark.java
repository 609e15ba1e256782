package io.ferrymq.bench.store;

import io.ferrymq.store.RecoveredState;
import io.ferrymq.store.Store;
import io.ferrymq.store.StoreOptions;
import io.ferrymq.store.SyncPolicy;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * How long {@link Store#open} takes to recover a journal, per GiB of segment files, for journals shaped as a broker
 * leaves them:
 * <ul>
 *   <li>{@code backlog}: messages written and none consumed (every segment full of live records);</li>
 *   <li>{@code steady}: messages written and consumed as they come, so compaction retires and recycles segments, then
 *       a backlog of {@code count} messages left (the active segment a recycled file with stale bytes after its
 *       data: recovery searched them byte by byte for records of this use after damage).</li>
 * </ul>
 * Usage: {@code RecoveryBenchmark DIR [count] [size] [segment-bytes]}; prints a Markdown table. Each journal is opened
 * three times and the fastest taken (the page cache holds it after the first: this measures recovery's CPU, not the
 * disk's reads).
 */
public final class RecoveryBenchmark {
    private RecoveryBenchmark() {}

    /** One journal's recovery: its shape, records, bytes on disk and the fastest of the opens. */
    public record Row(String journal, long records, long diskBytes, long millis) {
        public double millisPerGiB() {
            return millis * (double) (1L << 30) / Math.max(1, diskBytes);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/recovery-bench");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 121_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int segment = args.length > 3 ? Integer.parseInt(args[3]) : 64 << 20;
        run(dir, count, size, segment, System.out);
    }

    public static List<Row> run(Path dir, int count, int size, int segmentBytes, PrintStream out) throws Exception {
        StoreOptions options = StoreOptions.builder()
                .segmentSize(segmentBytes)
                .syncPolicy(SyncPolicy.NEVER)
                .build();
        List<Row> rows = new ArrayList<>();
        Path backlog = dir.resolve("backlog");
        delete(backlog);
        try (Store s = Store.open(backlog, options)) {
            s.createQueue(1, new byte[0]).join();
            add(s, 1, count, size);
        }
        rows.add(measure("backlog", backlog, options));

        rows.add(steady(dir.resolve("steady"), "steady", count, size, segmentBytes, options));
        rows.add(steady(dir.resolve("steady-1000"), "steady, 1,000 left", 1000, size, segmentBytes, options));

        out.println("| journal | records | segment files | recovery | per GiB |");
        out.println("|---|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(
                    "| %s | %,d | %,d MiB | %,d ms | %,.0f ms |%n",
                    r.journal(), r.records(), r.diskBytes() >> 20, r.millis(), r.millisPerGiB());
        }
        return rows;
    }

    /** Messages written and consumed through several segments' worth, then {@code left} written and left. */
    private static Row steady(Path journal, String name, int left, int size, int segmentBytes, StoreOptions options)
            throws Exception {
        delete(journal);
        try (Store s = Store.open(journal, options)) {
            s.createQueue(1, new byte[0]).join();
            long consumed = 3L * segmentBytes / (size + 40);
            for (long from = 1; from <= consumed; from += 10_000) {
                long to = Math.min(consumed, from + 9_999);
                add(s, from, to, size);
                List<CompletableFuture<Void>> removes = new ArrayList<>();
                for (long id = from; id <= to; id++) {
                    removes.add(s.removeMessage(1, id));
                }
                CompletableFuture.allOf(removes.toArray(new CompletableFuture<?>[0]))
                        .join();
                s.compact().join();
            }
            add(s, consumed + 1, consumed + left, size);
        }
        return measure(name, journal, options);
    }

    private static void add(Store s, long from, long to, int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i * 31);
        }
        List<CompletableFuture<Void>> adds = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            adds.add(s.addMessage(id, Unpooled.wrappedBuffer(body), 1));
            if (adds.size() == 8192) {
                CompletableFuture.allOf(adds.toArray(new CompletableFuture<?>[0]))
                        .join();
                adds.clear();
            }
        }
        CompletableFuture.allOf(adds.toArray(new CompletableFuture<?>[0])).join();
    }

    private static Row measure(String name, Path journal, StoreOptions options) throws IOException {
        long best = Long.MAX_VALUE;
        long records = 0;
        long disk = 0;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (Store s = Store.open(journal, options)) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                best = Math.min(best, ms);
                RecoveredState r = s.takeRecoveredState();
                records = r.queues().isEmpty() ? 0 : r.queues().get(0).messageIds().length;
                disk = s.stats().diskBytes();
            }
        }
        return new Row(name, records, disk, best);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
