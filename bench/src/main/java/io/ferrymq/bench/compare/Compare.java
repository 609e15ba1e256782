package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.activemq.artemis.utils.VersionLoader;

/**
 * bench/compare: the Ferry broker beside ActiveMQ Artemis on this machine, the same workloads, the same client (Qpid
 * protonj2), rounds of Ferry then Artemis, one table of medians, written into docs/benchmarks.md. See
 * docs/benchmarks.md for what each column means.
 */
public final class Compare {
    private final CompareOptions options;
    private final Path dataRoot;
    private final DiskRate disk;
    private final Map<String, List<Measurement>> ceilings = new HashMap<>();
    private final Map<String, RowResult> done = new HashMap<>();
    private RunOne runner;
    private Integer artemisBufferTimeoutNanos;

    private Compare(CompareOptions options, Path dataRoot) {
        this.options = options;
        this.dataRoot = dataRoot;
        this.disk = new DiskRate(dataRoot);
    }

    public static void main(String[] args) throws Exception {
        CompareOptions options;
        try {
            options = CompareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.clients()) {
            ClientCompare.run(options);
            return;
        }
        Path dataRoot = Files.createTempDirectory("ferry-compare-");
        try {
            new Compare(options, dataRoot).run();
        } finally {
            RunOne.delete(dataRoot);
        }
    }

    private void run() throws IOException, InterruptedException {
        List<Workload> selected = Workloads.all(options.backlogMessages()).stream()
                .filter(w -> options.selects(w.id()))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--only " + options.only() + " selects no row; rows: "
                    + Workloads.all(0).stream().map(Workload::id).toList());
        }
        String machine = MachineInfo.describe(dataRoot);
        System.err.println("compare: " + machine);
        // As `artemis create` tunes it: Artemis's journal waits at most one write+fsync of this disk for more writes.
        double forces = disk.forcesPerSecond(4096, options.quick() ? 1 : 2);
        artemisBufferTimeoutNanos = (int) (1e9 / forces);
        System.err.printf(
                "compare: disk %,.0f write+fsync/s of 4 KiB: Artemis journal-buffer-timeout %,d ns%n",
                forces, artemisBufferTimeoutNanos);
        runner = new RunOne(Launcher.current(options.ferryJar()), options, dataRoot, artemisBufferTimeoutNanos);
        List<RowResult> rows = new ArrayList<>();
        try {
            for (Workload w : selected) {
                rows.add(runRow(w));
            }
        } finally {
            disk.close();
        }
        String table = ResultTable.markdown(rows);
        System.out.println();
        System.out.println(table);
        if (options.writeDocs()) {
            DocsSection.write(options.docs(), section(machine, table));
            System.err.println("compare: wrote " + options.docs());
        }
    }

    private RowResult runRow(Workload w) throws IOException, InterruptedException {
        int rounds = w.kind() == Workload.Kind.BACKLOG ? options.backlogRounds() : options.rounds();
        double rate = w.kind() == Workload.Kind.FIXED_RATE ? latencyRate() : 0;
        List<Measurement> ferry = new ArrayList<>();
        List<Measurement> artemis = new ArrayList<>();
        List<Double> diskRates = new ArrayList<>();
        List<Measurement> ceiling = ceilings.computeIfAbsent(w.ceilingKey(), k -> new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            if (w.sinkComparable() && ceiling.size() < round) {
                ceiling.add(timed(w, Target.SINK, round, rate));
            }
            ferry.add(timed(w, Target.FERRY, round, rate));
            artemis.add(timed(w, Target.ARTEMIS, round, rate));
            if (w.kind() == Workload.Kind.SYNC && w.durable()) {
                double d = disk.forcesPerSecond(w.bodyBytes() + 64, options.measureMillis() / 1000.0);
                System.err.printf("compare: %s round %d disk: %,.0f write+fsync/s%n", w.id(), round, d);
                diskRates.add(d);
            }
        }
        String title =
                w.kind() == Workload.Kind.FIXED_RATE ? String.format("%s at %,.0f msgs/s", w.label(), rate) : w.label();
        RowResult row = new RowResult(title, ferry, artemis, lines(w, ceiling, diskRates));
        done.put(w.id(), row);
        return row;
    }

    private List<ReportLine> lines(Workload w, List<Measurement> ceiling, List<Double> diskRates) {
        return switch (w.kind()) {
            case THROUGHPUT ->
                List.of(new ReportLine(
                        "msgs/s",
                        Measurement.RATE,
                        Measurement.CPU_PER_M,
                        w.sinkComparable() ? ResultTable.number(ResultTable.median(ceiling, Measurement.RATE)) : "—"));
            case SYNC ->
                List.of(new ReportLine(
                        "msgs/s",
                        Measurement.RATE,
                        Measurement.CPU_PER_M,
                        w.durable() ? syncCeiling(medianOf(diskRates)) : "—"));
            case FIXED_RATE ->
                List.of(
                        new ReportLine("p50 µs", Measurement.P50, Measurement.CPU_PER_M, "—"),
                        new ReportLine("p99 µs", Measurement.P99, Measurement.CPU_PER_M, "—"),
                        new ReportLine("p99.9 µs", Measurement.P999, Measurement.CPU_PER_M, "—"));
            case BACKLOG ->
                List.of(
                        new ReportLine("produce msgs/s", Measurement.PRODUCE_RATE, Measurement.PRODUCE_CPU_PER_M, "—"),
                        new ReportLine("consume msgs/s", Measurement.CONSUME_RATE, Measurement.CONSUME_CPU_PER_M, "—"));
        };
    }

    /**
     * The disk's write+fsync rate, and the most a synchronous durable send can reach on Ferry: its own non-durable
     * round trip plus one write+fsync, one after the other.
     */
    private String syncCeiling(Double disk) {
        String text = "disk " + ResultTable.number(disk) + " fsync/s";
        RowResult roundTrip = done.get(Workloads.SYNC_ROUND_TRIP);
        Double rtt = roundTrip == null ? null : ResultTable.median(roundTrip.ferry(), Measurement.RATE);
        if (disk == null || rtt == null || disk <= 0 || rtt <= 0) {
            return text;
        }
        return text + "; Ferry round trip + fsync: " + ResultTable.number(1 / (1 / disk + 1 / rtt));
    }

    private static Double medianOf(List<Double> values) {
        List<Measurement> ms = values.stream()
                .map(v -> new Measurement(Target.SINK, Map.of("v", v), 0, ""))
                .toList();
        return ResultTable.median(ms, "v");
    }

    /** Half of Artemis's median rate on the reference row, measuring it (one Artemis run) if it was not run. */
    private double latencyRate() {
        RowResult ref = done.get(Workloads.LATENCY_REFERENCE);
        Double max = ref == null ? null : ResultTable.median(ref.artemis(), Measurement.RATE);
        if (max == null) {
            Workload w = Workloads.byId(Workloads.LATENCY_REFERENCE);
            max = timed(w, Target.ARTEMIS, 1, 0).value(Measurement.RATE);
        }
        return Objects.requireNonNullElse(max, 2000.0) / 2;
    }

    private Measurement timed(Workload w, Target target, int round, double rate) {
        long started = System.nanoTime();
        Measurement m = runner.run(w, target, round, rate);
        System.err.printf(
                "compare: %s round %d %s took %.1f s%n",
                w.id(), round, target.label(), (System.nanoTime() - started) / 1e9);
        return report(w, round, m);
    }

    private static Measurement report(Workload w, int round, Measurement m) {
        StringBuilder b = new StringBuilder();
        m.values().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(String.format(", %s %,.2f", e.getKey(), e.getValue())));
        System.err.printf(
                "compare: %s round %d %s: errors %d%s%s%n",
                w.id(), round, m.target().label(), m.errors(), b, m.note().isEmpty() ? "" : " (" + m.note() + ")");
        return m;
    }

    private String section(String machine, String table) {
        return String.format(
                """
                Generated by `%s` on %s%s: do not edit by hand, run the command again.

                Machine: %s.

                Settings: %d round(s) per row (the backlog row: %d), each round Ferry then Artemis (and the sink, \
                where it has a ceiling to give), each run on a fresh broker process and data directory; %.0f s \
                warm-up then %.0f s measured; credit %d; %d client process(es); Artemis %s, NIO journal (libaio is \
                not installed here), journal-buffer-timeout %,d ns (one 4 KiB write+fsync on this disk, measured at \
                the start, as `artemis create` sets it).

                %s""",
                options.command(),
                LocalDate.now(ZoneOffset.UTC),
                options.commit().isEmpty() ? "" : " at commit " + options.commit(),
                machine,
                options.rounds(),
                options.backlogRounds(),
                options.warmupMillis() / 1000.0,
                options.measureMillis() / 1000.0,
                options.credit(),
                options.clientProcesses(),
                artemisVersion(),
                artemisBufferTimeoutNanos,
                table);
    }

    private static String artemisVersion() {
        try {
            return VersionLoader.getVersion().getFullVersion();
        } catch (RuntimeException | LinkageError e) {
            return "(version unknown)";
        }
    }
}
