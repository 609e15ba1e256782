package io.ferrymq.bench.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one client process runs: a workload against a port, with the credit each receiver grants, the warm-up and
 * measurement times, the total send rate for {@link Workload.Kind#FIXED_RATE}, and which share of the workload's
 * producers and consumers is this process's (link {@code i} of the workload, producers first, belongs to process
 * {@code i % processCount}).
 */
record LoadSpec(
        Workload workload,
        int port,
        int credit,
        long warmupMillis,
        long measureMillis,
        double ratePerSecond,
        int processIndex,
        int processCount) {

    LoadSpec forProcess(int index, int count) {
        return new LoadSpec(workload, port, credit, warmupMillis, measureMillis, ratePerSecond, index, count);
    }

    boolean runsProducer(int i) {
        return i % processCount == processIndex;
    }

    boolean runsConsumer(int i) {
        return (workload.topology().totalProducers() + i) % processCount == processIndex;
    }

    /** This spec as command-line arguments for {@link ClientMain}. */
    List<String> toArgs() {
        Workload w = workload;
        Topology t = w.topology();
        List<String> a = new ArrayList<>();
        add(a, "id", w.id());
        add(a, "kind", w.kind().name());
        add(a, "queues", t.queues());
        add(a, "producers", t.producers());
        add(a, "consumers", t.consumers());
        add(a, "topic", t.topic());
        add(a, "body", w.bodyBytes());
        add(a, "presettled", w.presettled());
        add(a, "durable", w.durable());
        add(a, "heap", w.heap());
        add(a, "messages", w.messages());
        add(a, "port", port);
        add(a, "credit", credit);
        add(a, "warmup-ms", warmupMillis);
        add(a, "measure-ms", measureMillis);
        add(a, "rate", ratePerSecond);
        add(a, "process", processIndex + "/" + processCount);
        return a;
    }

    private static void add(List<String> args, String name, Object value) {
        args.add("--" + name);
        args.add(String.valueOf(value));
    }

    static LoadSpec parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, not " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        Topology t = new Topology(num(m, "queues"), num(m, "producers"), num(m, "consumers"), bool(m, "topic"));
        Workload w = new Workload(
                m.get("id"),
                Workload.Kind.valueOf(m.get("kind")),
                t,
                num(m, "body"),
                bool(m, "presettled"),
                bool(m, "durable"),
                m.get("heap"),
                Long.parseLong(m.get("messages")));
        String[] process = m.get("process").split("/", -1);
        return new LoadSpec(
                w,
                num(m, "port"),
                num(m, "credit"),
                Long.parseLong(m.get("warmup-ms")),
                Long.parseLong(m.get("measure-ms")),
                Double.parseDouble(m.get("rate")),
                Integer.parseInt(process[0]),
                Integer.parseInt(process[1]));
    }

    private static int num(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return Integer.parseInt(v);
    }

    private static boolean bool(Map<String, String> m, String name) {
        return Boolean.parseBoolean(m.get(name));
    }
}
