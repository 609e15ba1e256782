package io.ferrymq.bench.compare;

/**
 * Who talks to whom in a workload: {@code queues} destinations, each with its own producers and consumers. On a
 * topic every consumer is a subscription of its own, so each message sent reaches all of them.
 *
 * @param queues how many queues (or topics), each with the producers and consumers below
 * @param producers producers per queue
 * @param consumers consumers per queue (competing on a queue, each a subscription on a topic)
 * @param topic true for a multicast address (fan-out), false for an anycast queue
 */
record Topology(int queues, int producers, int consumers, boolean topic) {
    static final Topology ONE_TO_ONE = new Topology(1, 1, 1, false);

    Topology {
        if (queues < 1 || producers < 0 || consumers < 0) {
            throw new IllegalArgumentException("bad topology " + queues + "x(" + producers + "->" + consumers + ")");
        }
    }

    /** How many deliveries each message sent makes. */
    int copiesPerMessage() {
        return topic ? consumers : 1;
    }

    int totalProducers() {
        return queues * producers;
    }

    int totalConsumers() {
        return queues * consumers;
    }

    /** The address of queue (or topic) {@code q}. */
    String address(int q) {
        return (topic ? "compare.topic." : "compare.queue.") + q;
    }

    String label() {
        String arrow = producers + "→" + consumers;
        if (topic) {
            return arrow + " topic";
        }
        return queues == 1 ? arrow + " queue" : queues + " queues × " + arrow;
    }
}
