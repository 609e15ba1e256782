package io.ferrymq.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs bench/compare's load driver (the protonj2 client, as the harness's client processes run it) for a moment
 * against the sink over loopback, then formats the table from what it measured. The numbers are not judged here.
 */
class CompareSmokeTest {
    @Test
    void loadDriverMovesMessagesThroughTheSinkAndTheTableShowsTheRatio() throws Exception {
        Workload w = Workload.throughput(Topology.ONE_TO_ONE, 1024, false, false);
        Map<String, ProcStats> marks = new HashMap<>();
        long self = ProcessHandle.current().pid();
        LoadResult result;
        try (SinkServer sink = SinkServer.start(0, w.bodyBytes())) {
            LoadSpec spec = new LoadSpec(w, sink.port(), 100, 300, 700, 0, 0, 1);
            try (LoadRun run = LoadRun.open(spec)) {
                result = run.run(new LoadEvents() {
                    @Override
                    public void mark(String phase) {
                        try {
                            marks.put(phase, ProcStats.read(self));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void producersDone(long expected) {
                        marks.put("producers-done", null);
                    }

                    @Override
                    public boolean drained(long received) {
                        return true; // the sink's supply never ends
                    }
                });
            }
        }
        assertThat(marks).containsKeys("window-start", "window-end", "producers-done");
        assertThat(result.failures()).as(result.firstError()).isZero();
        assertThat(result.windowSent()).isPositive();
        assertThat(result.windowReceived()).isPositive();
        assertThat(result.delivered()).isEqualTo(result.sent());
        assertThat(result.windowSeconds()).isBetween(0.5, 5.0);

        ClientRun run = new ClientRun(result, 0, DrainPolicy.End.NOT_WAITED);
        Measurement sink = Measurement.of(Target.SINK, w, run, marks, ProcStats.read(self));
        assertThat(sink.value(Measurement.RATE)).isPositive();
        assertThat(sink.value(Measurement.RSS_MIB)).isPositive();
        // The same measurement stands in for both brokers: the ratios must come out as 1.00x.
        RowResult row = new RowResult(
                w.label(),
                List.of(sink),
                List.of(sink),
                List.of(new ReportLine(
                        "msgs/s",
                        Measurement.RATE,
                        Measurement.CPU_PER_M,
                        ResultTable.number(sink.value(Measurement.RATE)))));
        String table = ResultTable.markdown(new ArrayList<>(List.of(row)));
        assertThat(table)
                .startsWith(ResultTable.HEADER)
                .contains("Ferry / Artemis")
                .contains("| 1→1 queue, 1 KiB, at-least-once | msgs/s |")
                .contains("| 1.00x |")
                .contains("| 0 / 0 |");
    }

    @Test
    void resultsCrossTheProcessBoundaryIntact() {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        h.recordValue(120);
        h.recordValue(450);
        LoadResult r = new LoadResult(10, 8, 9, 1, 7, 6, 1_000_000_000L, 0, 0, h, "producer: outcome REJECTED");
        LoadResult back = LoadResult.decode(r.encode());
        assertThat(back.sent()).isEqualTo(10);
        assertThat(back.windowReceived()).isEqualTo(6);
        assertThat(back.firstError()).isEqualTo("producer: outcome REJECTED");
        assertThat(back.latency().getTotalCount()).isEqualTo(2);
        assertThat(back.merge(back).latency().getTotalCount()).isEqualTo(4);
        LoadSpec spec = new LoadSpec(Workloads.byId("topic-1to10-1k-alo"), 5672, 1000, 1, 2, 0, 1, 2);
        assertThat(LoadSpec.parse(spec.toArgs().toArray(String[]::new))).isEqualTo(spec);
    }

    @Test
    void docsSectionIsReplacedBetweenTheMarkersOnly() {
        String doc = "# Benchmarks\n\nbefore\n" + DocsSection.BEGIN + "\nold table\n" + DocsSection.END + "\nafter\n";
        String out = DocsSection.replace(doc, "new table\n");
        assertThat(out)
                .isEqualTo("# Benchmarks\n\nbefore\n" + DocsSection.BEGIN + "\nnew table\n" + DocsSection.END
                        + "\nafter\n");
        assertThat(DocsSection.replace("# Benchmarks\n", "t"))
                .endsWith(DocsSection.HEADING + "\n\n" + DocsSection.BEGIN + "\nt\n" + DocsSection.END + "\n");
    }
}
