package io.ferrymq.bench.compare;

/**
 * One row of the comparison: what the client does against each broker.
 *
 * @param id short name, matched by {@code --only}
 * @param kind how the producers send and what is reported
 * @param topology producers and consumers per queue
 * @param bodyBytes the size of each message's body (one data section)
 * @param presettled true: producers and consumers both send settled (at most once); false: at least once, the
 *     consumer accepts each message and the producer hears the outcome
 * @param durable the header's {@code durable} flag
 * @param heap the {@code -Xmx} of each broker for this row
 * @param messages for {@link Kind#BACKLOG}: how many messages are produced before any is consumed
 */
record Workload(
        String id,
        Kind kind,
        Topology topology,
        int bodyBytes,
        boolean presettled,
        boolean durable,
        String heap,
        long messages) {

    /** How a workload drives the broker. */
    enum Kind {
        /** Producers send as fast as the broker's credit lets them; the consumers' rate is reported. */
        THROUGHPUT,
        /** One durable message in flight at a time: send, wait for the settlement, send the next. */
        SYNC,
        /** Producers send at a fixed rate; end-to-end latency percentiles are reported. */
        FIXED_RATE,
        /** A backlog is produced with no consumer, then consumed: both rates reported. */
        BACKLOG
    }

    static Workload throughput(Topology topology, int bodyBytes, boolean presettled, boolean durable) {
        String id = topologyId(topology) + "-" + sizeId(bodyBytes) + "-" + (presettled ? "presettled" : "alo")
                + (durable ? "-durable" : "");
        return new Workload(id, Kind.THROUGHPUT, topology, bodyBytes, presettled, durable, "1g", 0);
    }

    static String topologyId(Topology t) {
        String pc = t.producers() + "to" + t.consumers();
        return t.topic() ? "topic-" + pc : (t.queues() == 1 ? "" : t.queues() + "x") + "queue-" + pc;
    }

    static String sizeId(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : bytes + "b";
    }

    /** "1 KiB", "100 B". */
    static String sizeLabel(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** A short human description: topology, size, settlement, durability. */
    String label() {
        String base = topology.label() + ", " + sizeLabel(bodyBytes) + ", "
                + (presettled ? "pre-settled" : "at-least-once") + (durable ? ", durable" : "");
        return switch (kind) {
            case THROUGHPUT -> base;
            case SYNC -> "synchronous " + (durable ? "durable " : "") + "send (1 in flight), " + sizeLabel(bodyBytes);
            case FIXED_RATE -> "fixed rate, " + base;
            case BACKLOG ->
                String.format(
                        "backlog of %,d durable %s (%d producers, then %d consumer), -Xmx%s",
                        messages, sizeLabel(bodyBytes), topology.totalProducers(), topology.totalConsumers(), heap);
        };
    }

    /**
     * Rows with the same key put the same load on the client (the sink ignores durability), so the client's ceiling is
     * measured once per key.
     */
    String ceilingKey() {
        return topologyId(topology) + "-" + sizeId(bodyBytes) + "-" + presettled;
    }

    /** Whether the sink can stand in for a broker here: not for fan-out, where a copy per subscriber is the load. */
    boolean sinkComparable() {
        return kind == Kind.THROUGHPUT && !topology.topic();
    }

    Workload withMessages(long n) {
        return new Workload(id, kind, topology, bodyBytes, presettled, durable, heap, n);
    }
}
