package io.ferrymq.bench.store;

import io.ferrymq.store.StoreOptions;
import io.ferrymq.store.SyncPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Durable append throughput of Ferry's journal beside the machine's limit, measured in the same run on the same file
 * system (docs/benchmarks.md). For each message size and appender count: windows of Ferry's durable appends, each
 * followed by a window of a raw loop of sequential write plus force with the bytes per force Ferry had. Prints a
 * Markdown table.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ferrymq.bench.store.JournalBenchmark \
 *     [--dir DIR] [--seconds S] [--warmup S] [--windows N] [--appenders 1,8,64] [--sizes 100,1024]
 *     [--mode chained|threads] [--workload append|append_consume] [--sync always|interval|never]
 *     [--segment-size BYTES]
 * </pre>
 */
public final class JournalBenchmark {
    /** One row of the table. */
    record Row(int appenders, int size, JournalAppendRun.Result ferry, RawSyncLoop.Result raw) {
        double ratio() {
            return ferry.journalBytesPerSecond() / raw.bytesPerSecond();
        }
    }

    private JournalBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target", "journal-bench");
        double seconds = 5;
        double warmup = 3;
        int windows = 3;
        int[] appenders = {1, 8, 64};
        int[] sizes = {100, 1024};
        StoreOptions options = StoreOptions.defaults();
        JournalAppendRun.Mode mode = JournalAppendRun.Mode.CHAINED;
        JournalAppendRun.Workload workload = JournalAppendRun.Workload.APPEND;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--dir" -> dir = Path.of(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--windows" -> windows = Integer.parseInt(v);
                case "--appenders" -> appenders = ints(v);
                case "--sizes" -> sizes = ints(v);
                case "--segment-size" ->
                    options =
                            options.toBuilder().segmentSize(Integer.parseInt(v)).build();
                case "--mode" -> mode = JournalAppendRun.Mode.valueOf(v.toUpperCase(Locale.ROOT));
                case "--workload" ->
                    workload = JournalAppendRun.Workload.valueOf(
                            v.toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--sync" ->
                    options = options.toBuilder()
                            .syncPolicy(SyncPolicy.valueOf(v.toUpperCase(Locale.ROOT)))
                            .build();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(dir, options, mode, workload, warmup, seconds, windows, appenders, sizes, System.out);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",", -1)).mapToInt(Integer::parseInt).toArray();
    }

    static List<Row> run(
            Path dir,
            StoreOptions options,
            JournalAppendRun.Mode mode,
            JournalAppendRun.Workload workload,
            double warmup,
            double seconds,
            int windows,
            int[] appenders,
            int[] sizes,
            PrintStream out)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        out.printf(
                "machine: %d cores, %s %s, %s %s; file system %s (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                Files.getFileStore(dir).type(),
                dir.toAbsolutePath());
        out.printf(
                "workload %s, SyncPolicy.%s, appenders %s, segments of %d MiB; per row %.0f s warm-up, then %d "
                        + "windows of %.0f s of Ferry each followed by %.0f s of the raw loop%n%n",
                workload, options.syncPolicy(), mode, options.segmentSize() >> 20, warmup, windows, seconds, seconds);
        out.println(
                "| appenders | message | Ferry appends/s | Ferry journal MB/s | appends per force | mean latency µs "
                        + "| raw loop MB/s (same bytes per force) | raw forces/s | Ferry / raw |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            for (int n : appenders) {
                Row row = row(dir, options, mode, workload, n, size, warmup, seconds, windows);
                rows.add(row);
                JournalAppendRun.Result f = row.ferry();
                out.printf(
                        "| %d | %d B | %,.0f | %.2f | %.2f | %.0f | %.2f | %,.0f | %.0f%% |%n",
                        n,
                        size,
                        f.appendsPerSecond(),
                        f.journalBytesPerSecond() / 1e6,
                        f.appendsPerForce(),
                        f.meanLatencyMicros(),
                        row.raw().bytesPerSecond() / 1e6,
                        row.raw().forcesPerSecond(),
                        100 * row.ratio());
            }
        }
        return rows;
    }

    /**
     * One row: windows of Ferry alternating with windows of the raw loop (with the bytes per force Ferry had in the
     * window just before), so both see the same disk; the sums of the windows are compared.
     */
    private static Row row(
            Path dir,
            StoreOptions options,
            JournalAppendRun.Mode mode,
            JournalAppendRun.Workload workload,
            int appenders,
            int size,
            double warmup,
            double seconds,
            int windows)
            throws IOException, InterruptedException {
        JournalAppendRun.Result ferry = null;
        RawSyncLoop.Result raw = null;
        try (RawSyncLoop loop = new RawSyncLoop(dir);
                JournalAppendRun run =
                        new JournalAppendRun(dir.resolve("ferry"), options, mode, workload, appenders, size)) {
            run.start();
            Thread.sleep((long) (warmup * 1000));
            for (int w = 0; w < windows; w++) {
                if (w > 0) {
                    run.start();
                    Thread.sleep(500);
                }
                JournalAppendRun.Result f = run.measure(seconds);
                run.pause();
                // Let the journal's background work (a spare segment being zero-filled) settle before the raw loop.
                Thread.sleep(1000);
                RawSyncLoop.Result r = loop.run(Math.max(f.bytesPerForce(), 1), seconds);
                ferry = ferry == null ? f : ferry.plus(f);
                raw = raw == null ? r : raw.plus(r);
            }
        }
        return new Row(appenders, size, ferry, raw);
    }
}
