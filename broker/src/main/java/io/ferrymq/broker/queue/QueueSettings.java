package io.ferrymq.broker.queue;

import io.ferrymq.broker.config.RoutingType;

/**
 * What a queue is: its name, the address it serves, and its limits. A subscription queue also
 * records whose it is ({@link #subscription}).
 *
 * @param name the queue's name (for an anycast address, the address's own name)
 * @param address the address whose messages it holds
 * @param routing the address's routing type
 * @param durable whether the queue and its durable messages survive restarts
 * @param temporary whether it lives only as long as the link or connection that made it
 * @param autoDelete whether it goes when its last consumer does
 * @param maxMessages most messages held (-1: no limit)
 * @param maxBytes most bytes held (-1: no limit)
 * @param maxDeliveries delivery attempts before dead-lettering
 * @param deadLetterAddress where dead letters go ("" for nowhere)
 * @param expiryAddress where expired messages go ("" for nowhere)
 * @param subscription for a topic subscription, who subscribed; null for other queues
 */
public record QueueSettings(
        String name,
        String address,
        RoutingType routing,
        boolean durable,
        boolean temporary,
        boolean autoDelete,
        long maxMessages,
        long maxBytes,
        int maxDeliveries,
        String deadLetterAddress,
        String expiryAddress,
        Subscription subscription) {

    /**
     * The owner of a topic subscription: the container and link name that made it, whether it is
     * shared between consumers, and its selector.
     */
    public record Subscription(
            String containerId,
            String name,
            boolean shared,
            boolean global,
            String selector,
            boolean noLocal,
            String user) {
        /**
         * True when {@code who} may attach to this subscription: the user who made it (anyone for a subscription
         * recorded before subscriptions had owners).
         */
        public boolean ownedBy(String who) {
            return user == null || user.equals(who);
        }
    }

    public QueueSettings withName(String newName) {
        return new QueueSettings(
                newName,
                address,
                routing,
                durable,
                temporary,
                autoDelete,
                maxMessages,
                maxBytes,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                subscription);
    }
}
