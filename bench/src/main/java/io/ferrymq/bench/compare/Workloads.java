package io.ferrymq.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows bench/compare runs, in order. Not the full cross-product: every body size and delivery guarantee one to
 * one, then the other topologies at 1 KiB at least once, then the synchronous durable send, the fixed-rate latency
 * run and the backlog.
 */
final class Workloads {
    /** The row whose Artemis rate sets the fixed-rate row's rate (half of it). */
    static final String LATENCY_REFERENCE = "queue-1to1-1k-alo";
    /** The synchronous row without durability: the round trip the durable one adds a write and fsync to. */
    static final String SYNC_ROUND_TRIP = "sync-1k";

    private Workloads() {}

    static List<Workload> all(long backlogMessages) {
        List<Workload> rows = new ArrayList<>();
        for (int size : new int[] {100, 1024, 64 * 1024}) {
            rows.add(Workload.throughput(Topology.ONE_TO_ONE, size, true, false));
            rows.add(Workload.throughput(Topology.ONE_TO_ONE, size, false, false));
            rows.add(Workload.throughput(Topology.ONE_TO_ONE, size, false, true));
        }
        rows.add(Workload.throughput(new Topology(1, 4, 4, false), 1024, false, false));
        rows.add(Workload.throughput(new Topology(8, 1, 1, false), 1024, false, false));
        rows.add(Workload.throughput(new Topology(1, 1, 10, true), 1024, false, false));
        // The same send without the disk first: the round trip through client and broker that a durable send adds its
        // fsync to, measured so the durable row's bound can be shown.
        rows.add(new Workload(SYNC_ROUND_TRIP, Workload.Kind.SYNC, Topology.ONE_TO_ONE, 1024, false, false, "1g", 0));
        rows.add(new Workload("sync-1k-durable", Workload.Kind.SYNC, Topology.ONE_TO_ONE, 1024, false, true, "1g", 0));
        rows.add(new Workload(
                "latency-1k-alo", Workload.Kind.FIXED_RATE, Topology.ONE_TO_ONE, 1024, false, false, "1g", 0));
        // Four producers: one protonj2 producer waits for a round trip to its I/O thread per message, which would
        // make the backlog row mostly a measure of the client.
        rows.add(new Workload(
                "backlog-1k-durable",
                Workload.Kind.BACKLOG,
                new Topology(1, 4, 1, false),
                1024,
                false,
                true,
                "256m",
                backlogMessages));
        return rows;
    }

    static Workload byId(String id) {
        return all(0).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }
}
