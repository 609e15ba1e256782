package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueSettings;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.TerminusDurability;
import io.ferrymq.codec.messaging.TerminusExpiryPolicy;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Topic subscriptions as Qpid JMS asks for them: each subscription is a queue on the address.
 * A durable one is named by the subscriber's container-id and the link name (the subscription
 * name) and survives its consumers and the broker; a shared one ({@code shared} capability,
 * {@code global} without a client id) is one queue for all the links of that name; a plain
 * non-durable one lives as long as its link.
 */
final class Subscriptions {
    private Subscriptions() {}

    record Subscription(Queue queue, boolean ownsQueue) {}

    /** The subscription name a link stands for: Qpid JMS adds "|2", "|global", "|volatile1" and the like. */
    static String baseName(String linkName) {
        int bar = linkName.indexOf('|');
        return bar > 0 ? linkName.substring(0, bar) : linkName;
    }

    static String durableQueueName(String containerId, String base, boolean shared, boolean global) {
        return shared && global ? "sub:" + base : "sub:" + containerId + ":" + base;
    }

    static Subscription subscribe(
            BrokerConnection conn, Sender link, Address address, Source source, String selector, boolean noLocal)
            throws LinkRefusedException {
        Broker broker = conn.broker;
        boolean durable = source.durable() != TerminusDurability.NONE;
        boolean shared = Capabilities.has(source.capabilities(), Capabilities.SHARED);
        boolean global = Capabilities.has(source.capabilities(), Capabilities.GLOBAL);
        String containerId = conn.containerId() == null ? "" : conn.containerId();
        String base = shared ? baseName(link.name()) : link.name();
        var policy = address.policy();
        if (!durable && !shared) {
            String name = broker.temporaries().newName("sub-temp:");
            Queue q = broker.createQueue(new QueueSettings(
                    name,
                    address.name(),
                    RoutingType.MULTICAST,
                    false,
                    true,
                    true,
                    policy.maxMessages(),
                    policy.maxBytes(),
                    policy.maxDeliveries(),
                    policy.deadLetterAddress(),
                    policy.expiryAddress(),
                    new QueueSettings.Subscription(
                            containerId, link.name(), false, false, selector, noLocal, conn.user())));
            broker.subscriptionFilters().set(q, selector, noLocal);
            return new Subscription(q, true);
        }
        String name = durable
                ? durableQueueName(containerId, base, shared, global)
                : "sub-volatile:" + (global ? "" : containerId + ":") + base;
        Queue existing = broker.registry().queue(name);
        if (existing != null) {
            QueueSettings.Subscription sub = existing.settings().subscription();
            refuseOthers(conn, sub, base);
            boolean same = existing.settings().address().equals(address.name())
                    && sub != null
                    && Objects.equals(sub.selector(), selector)
                    && sub.noLocal() == noLocal;
            if (!same) {
                if (existing.consumerCount() > 0) {
                    throw new LinkRefusedException(
                            AmqpError.RESOURCE_LOCKED,
                            "subscription '" + base + "' is in use with another topic or selector");
                }
                // JMS: subscribing again with another topic or selector replaces the subscription.
                existing.deleteQueue();
                broker.registry().unregister(existing);
            } else if (!shared && existing.consumerCount() > 0) {
                throw new LinkRefusedException(
                        AmqpError.RESOURCE_LOCKED,
                        "durable subscription '" + base + "' already has an active consumer");
            } else {
                return new Subscription(existing, false);
            }
        }
        Queue q = broker.createQueue(new QueueSettings(
                name,
                address.name(),
                RoutingType.MULTICAST,
                durable,
                false,
                !durable,
                policy.maxMessages(),
                policy.maxBytes(),
                policy.maxDeliveries(),
                policy.deadLetterAddress(),
                policy.expiryAddress(),
                new QueueSettings.Subscription(containerId, base, shared, global, selector, noLocal, conn.user())));
        broker.subscriptionFilters().set(q, selector, noLocal);
        return new Subscription(q, false);
    }

    /**
     * An attach with no source naming a durable subscription: Qpid JMS looks one up this way to
     * unsubscribe (it then closes the link). The answer describes the subscription, or refuses.
     */
    static ConsumerLink lookupForUnsubscribe(BrokerConnection conn, Sender link) throws LinkRefusedException {
        String containerId = conn.containerId() == null ? "" : conn.containerId();
        String base = baseName(link.name());
        List<String> candidates = new ArrayList<>();
        candidates.add(durableQueueName(containerId, link.name(), false, false));
        candidates.add(durableQueueName(containerId, base, true, false));
        candidates.add(durableQueueName(containerId, base, true, true));
        for (String name : candidates) {
            Queue q = conn.broker.registry().queue(name);
            if (q != null && q.settings().durable()) {
                QueueSettings.Subscription sub = q.settings().subscription();
                refuseOthers(conn, sub, base);
                List<Symbol> caps = new ArrayList<>(List.of(Capabilities.TOPIC));
                if (sub != null && sub.shared()) {
                    caps.add(Capabilities.SHARED);
                }
                if (sub != null && sub.global()) {
                    caps.add(Capabilities.GLOBAL);
                }
                Source source = new Source()
                        .address(q.settings().address())
                        .durable(TerminusDurability.UNSETTLED_STATE)
                        .expiryPolicy(TerminusExpiryPolicy.NEVER)
                        .capabilities(caps.toArray(new Symbol[0]));
                return ConsumerLink.attachTo(conn, link, source, q);
            }
        }
        throw new LinkRefusedException(AmqpError.NOT_FOUND, "no durable subscription named '" + base + "'");
    }

    /**
     * A subscription belongs to the user who made it: another user who names it (the same container-id and link name)
     * may neither read its messages nor, by closing the link, delete it.
     */
    private static void refuseOthers(BrokerConnection conn, QueueSettings.Subscription sub, String base)
            throws LinkRefusedException {
        if (sub != null && !sub.ownedBy(conn.user())) {
            throw new LinkRefusedException(
                    AmqpError.UNAUTHORIZED_ACCESS, "subscription '" + base + "' belongs to another user");
        }
    }

    /**
     * A consumer of a subscription left. Closing (not just detaching) the last link of a durable
     * subscription ends the subscription: that is how Qpid JMS unsubscribes.
     */
    static void consumerClosed(BrokerConnection conn, ConsumerLink consumer, boolean linkClosed) {
        Queue q = consumer.queue;
        QueueSettings s = q.settings();
        if (s.subscription() != null && s.durable() && linkClosed) {
            q.mailbox().post(() -> {
                if (q.consumerCount() == 0) {
                    q.deleteQueue();
                }
            });
        }
    }
}
