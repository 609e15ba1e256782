package io.ferrymq.it.broker;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.QueueInfo;
import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.testsupport.Await;
import java.util.ArrayList;
import java.util.List;

/** Helpers for tests that run the broker in their own JVM and look at its queues directly. */
final class InProcess {
    private InProcess() {}

    /** The broker's default address entry: every address may be created on demand, durable. */
    static AddressConfig anyAddress() {
        return AddressConfig.match("#")
                .autoCreate(true)
                .durable(true)
                .maxMessages(-1)
                .maxBytes(-1)
                .build();
    }

    /** The default entry, then {@code more}. */
    static List<AddressConfig> addresses(AddressConfig... more) {
        List<AddressConfig> all = new ArrayList<>();
        all.add(anyAddress());
        all.addAll(List.of(more));
        return all;
    }

    static QueueInfo queue(Broker broker, String name) {
        return broker.queueInfo(name);
    }

    /** Waits until queue {@code name} exists and holds {@code depth} messages (ready or in delivery). */
    static void awaitDepth(Broker broker, String name, long depth) {
        Await.until(
                () -> queue(broker, name) != null && queue(broker, name).depth() == depth,
                Await.WAIT,
                () -> "queue '" + name + "' to hold " + depth + " message(s): " + queue(broker, name));
    }

    /** Waits until there is no queue {@code name}. */
    static void awaitGone(Broker broker, String name) {
        Await.until(
                () -> queue(broker, name) == null,
                Await.WAIT,
                () -> "queue '" + name + "' to be deleted: " + queue(broker, name));
    }
}
