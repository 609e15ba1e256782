package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.address.AddressRegistry;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueSettings;
import io.ferrymq.engine.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the queues made on demand that have been unused for their address's {@code auto-delete-delay}: no
 * consumers, no producers attached to the address by name, no messages. Made again on demand by the next attach or
 * message (as the policy allows). Queues made on demand were never removed: each attach to a new address added one
 * for good, and the journal and memory with it (messaging.xml#doc-lifetime-policy describes the same for dynamic
 * nodes; Artemis and RabbitMQ delete such queues when unused). Temporary queues and subscriptions have their own
 * lifetimes and are left alone.
 *
 * <p>Its scan runs every {@link #SCAN_MILLIS} on one worker thread; when a queue was first seen unused is kept on the
 * queue ({@link Queue#unusedSince()}), and the deletion itself happens on the queue's thread, which checks again that
 * the queue is unused.
 */
final class AutoDelete {
    private static final Logger LOG = LoggerFactory.getLogger(AutoDelete.class);
    /** Auto-delete lines, held to a rate: clients that make queues by the thousand cannot flood the log. */
    private static final LogLimiter AUTO_DELETE_LINES = new LogLimiter(100);

    /** How often queues are looked at. */
    static final long SCAN_MILLIS = 250;

    private final AddressRegistry registry;

    AutoDelete(AddressRegistry registry) {
        this.registry = registry;
    }

    void scan() {
        long now = System.currentTimeMillis();
        for (Queue q : registry.queues()) {
            QueueSettings s = q.settings();
            if (s.temporary() || s.subscription() != null || s.routing() != RoutingType.ANYCAST) {
                continue;
            }
            Address a = registry.address(s.address());
            if (a == null || !a.policy().autoDelete()) {
                continue;
            }
            if (q.consumerCount() > 0 || q.depth() > 0 || a.producers() > 0) {
                q.unusedSince(0);
            } else if (q.unusedSince() == 0) {
                q.unusedSince(now);
            } else if (now - q.unusedSince() >= a.policy().autoDeleteDelayMillis()) {
                q.unusedSince(0);
                q.deleteIfUnused(() -> {
                    AUTO_DELETE_LINES.info(
                            LOG,
                            "deleted queue '{}': made on demand and unused for {} ms (auto-delete)",
                            LogText.safe(q.name()),
                            a.policy().autoDeleteDelayMillis());
                    if (a.producers() == 0) {
                        registry.removeIfUnused(a.name());
                    }
                });
            }
        }
    }
}
