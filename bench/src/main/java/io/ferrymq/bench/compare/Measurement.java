package io.ferrymq.bench.compare;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run of one workload against one target measured: named values (see the constants), errors, and a note
 * when something about the run should be read with the numbers.
 */
record Measurement(Target target, Map<String, Double> values, long errors, String note) {
    static final String RATE = "msgs/s";
    static final String CPU_PER_M = "cpu s/M";
    static final String RSS_MIB = "rss MiB";
    static final String P50 = "p50 µs";
    static final String P99 = "p99 µs";
    static final String P999 = "p99.9 µs";
    static final String PRODUCE_RATE = "produce msgs/s";
    /** Backlog: messages the broker accepted (of the row's count); fewer when producers were held back. */
    static final String STORED = "accepted";

    static final String CONSUME_RATE = "consume msgs/s";
    static final String PRODUCE_CPU_PER_M = "produce cpu s/M";
    static final String CONSUME_CPU_PER_M = "consume cpu s/M";
    /** Diagnostics, in the progress log only: the producers' and the consumers' rates in the window. */
    static final String SENT_RATE = "sent/s";

    static final String RECEIVED_RATE = "received/s";

    private static final double MIB = 1024 * 1024;

    /** A run that could not be measured. */
    static Measurement failed(Target target, String why) {
        return new Measurement(target, Map.of(), 1, why);
    }

    Double value(String key) {
        return values.get(key);
    }

    /**
     * The figures of a run: rates from the counts and phase lengths, CPU seconds from the broker's CPU time at the
     * phase marks, peak RSS at the end.
     */
    static Measurement of(Target target, Workload w, ClientRun run, Map<String, ProcStats> marks, ProcStats end) {
        LoadResult r = run.result();
        Map<String, Double> v = new HashMap<>();
        v.put(RSS_MIB, end.peakRssBytes() / MIB);
        if (w.kind() == Workload.Kind.BACKLOG) {
            v.put(PRODUCE_RATE, r.delivered() / (r.produceNanos() / 1e9));
            v.put(STORED, (double) r.delivered());
            v.put(CONSUME_RATE, r.received() / (r.consumeNanos() / 1e9));
            putCpu(v, PRODUCE_CPU_PER_M, marks, "produce", r.delivered());
            putCpu(v, CONSUME_CPU_PER_M, marks, "consume", r.received());
        } else {
            double seconds = r.windowSeconds();
            long counted = r.windowReceived();
            if (target == Target.SINK) {
                // Against the sink the two directions are independent: the client's ceiling is the slower one.
                counted = Math.min(r.windowSent() * w.topology().copiesPerMessage(), r.windowReceived());
            }
            v.put(RATE, counted / seconds);
            v.put(SENT_RATE, r.windowSent() / seconds);
            v.put(RECEIVED_RATE, r.windowReceived() / seconds);
            putCpu(v, CPU_PER_M, marks, "window", r.windowReceived());
            Histogram h = r.latency();
            if (h != null && h.getTotalCount() > 0) {
                v.put(P50, (double) h.getValueAtPercentile(50));
                v.put(P99, (double) h.getValueAtPercentile(99));
                v.put(P999, (double) h.getValueAtPercentile(99.9));
            }
        }
        String note = r.firstError();
        if (run.drain() == DrainPolicy.End.CUT) {
            note = (note.isEmpty() ? "" : note + "; ")
                    + String.format("drain cut short: %,d of %,d received", r.received(), run.expected());
        } else if (run.missing() > 0) {
            note = (note.isEmpty() ? "" : note + "; ")
                    + String.format("%,d of %,d never arrived", run.missing(), run.expected());
        }
        return new Measurement(target, v, r.failures() + run.missing(), note);
    }

    private static void putCpu(
            Map<String, Double> v, String key, Map<String, ProcStats> marks, String phase, long messages) {
        ProcStats start = marks.get(phase + "-start");
        ProcStats stop = marks.get(phase + "-end");
        if (start != null && stop != null && messages > 0) {
            v.put(key, (stop.cpuSeconds() - start.cpuSeconds()) / messages * 1e6);
        }
    }
}
