package io.ferrymq.broker.config;

/**
 * Broker-wide limits and defaults.
 *
 * @param memoryBytes message bytes held in memory before durable bodies are paged out and producers are held back
 * @param maxConnections connections open at once
 * @param maxMessageSize the largest message accepted, in bytes
 * @param maxDeliveries delivery attempts before a message is dead-lettered
 * @param deadLetterAddress where dead letters go ("" for nowhere)
 * @param expiryAddress where expired messages go ("" for nowhere)
 * @param producerCredit credit each producer link is granted at a time
 * @param maxSessionsPerConnection sessions (channels) a connection may have
 * @param maxLinksPerSession links (handles) a session may have
 * @param idleTimeoutMillis how long a connection may stay silent
 * @param maxConnectionsPerSource connections (sockets, counted from accept) one source address may hold open at once
 * @param unreadTimeoutMillis how long a peer may leave the broker's output unread (its socket full, nothing taken)
 *     before it is disconnected; 0 for ever
 * @param maxAutoCreatedQueuesPerUser queues made on demand that one user's connections (together) may have in
 *     existence at once; anonymous clients count as one user
 */
public record Limits(
        long memoryBytes,
        int maxConnections,
        long maxMessageSize,
        int maxDeliveries,
        String deadLetterAddress,
        String expiryAddress,
        int producerCredit,
        int maxSessionsPerConnection,
        int maxLinksPerSession,
        long idleTimeoutMillis,
        int maxConnectionsPerSource,
        long unreadTimeoutMillis,
        int maxAutoCreatedQueuesPerUser) {

    /** The default for {@link #maxAutoCreatedQueuesPerUser}. */
    public static final int MAX_AUTO_CREATED_QUEUES_PER_USER = 10_000;

    /** Limits with the default {@link #maxAutoCreatedQueuesPerUser}. */
    public Limits(
            long memoryBytes,
            int maxConnections,
            long maxMessageSize,
            int maxDeliveries,
            String deadLetterAddress,
            String expiryAddress,
            int producerCredit,
            int maxSessionsPerConnection,
            int maxLinksPerSession,
            long idleTimeoutMillis,
            int maxConnectionsPerSource,
            long unreadTimeoutMillis) {
        this(
                memoryBytes,
                maxConnections,
                maxMessageSize,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                producerCredit,
                maxSessionsPerConnection,
                maxLinksPerSession,
                idleTimeoutMillis,
                maxConnectionsPerSource,
                unreadTimeoutMillis,
                MAX_AUTO_CREATED_QUEUES_PER_USER);
    }

    /** These limits with another {@link #memoryBytes} and {@link #maxMessageSize}. */
    public Limits withMemory(long memory, long maxMessage) {
        return new Limits(
                memory,
                maxConnections,
                maxMessage,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                producerCredit,
                maxSessionsPerConnection,
                maxLinksPerSession,
                idleTimeoutMillis,
                maxConnectionsPerSource,
                unreadTimeoutMillis,
                maxAutoCreatedQueuesPerUser);
    }

    /** These limits with another {@link #producerCredit}. */
    public Limits withProducerCredit(int credit) {
        return new Limits(
                memoryBytes,
                maxConnections,
                maxMessageSize,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                credit,
                maxSessionsPerConnection,
                maxLinksPerSession,
                idleTimeoutMillis,
                maxConnectionsPerSource,
                unreadTimeoutMillis,
                maxAutoCreatedQueuesPerUser);
    }

    /** These limits with another {@link #maxAutoCreatedQueuesPerUser}. */
    public Limits withMaxAutoCreatedQueuesPerUser(int n) {
        return new Limits(
                memoryBytes,
                maxConnections,
                maxMessageSize,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                producerCredit,
                maxSessionsPerConnection,
                maxLinksPerSession,
                idleTimeoutMillis,
                maxConnectionsPerSource,
                unreadTimeoutMillis,
                n);
    }

    /** The default for {@link #maxConnectionsPerSource}. */
    public static final int MAX_CONNECTIONS_PER_SOURCE = 1_000;

    /** The default for {@link #unreadTimeoutMillis}. */
    public static final long UNREAD_TIMEOUT_MILLIS = 60_000;

    /** Limits with the default {@link #maxConnectionsPerSource}. */
    public Limits(
            long memoryBytes,
            int maxConnections,
            long maxMessageSize,
            int maxDeliveries,
            String deadLetterAddress,
            String expiryAddress,
            int producerCredit,
            int maxSessionsPerConnection,
            int maxLinksPerSession,
            long idleTimeoutMillis) {
        this(
                memoryBytes,
                maxConnections,
                maxMessageSize,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                producerCredit,
                maxSessionsPerConnection,
                maxLinksPerSession,
                idleTimeoutMillis,
                MAX_CONNECTIONS_PER_SOURCE,
                UNREAD_TIMEOUT_MILLIS);
    }

    public static Limits defaults() {
        return new Limits(
                Runtime.getRuntime().maxMemory() / 2,
                10_000,
                32L * 1024 * 1024,
                10,
                "DLQ",
                "ExpiryQueue",
                1000,
                256,
                4096,
                60_000,
                MAX_CONNECTIONS_PER_SOURCE,
                UNREAD_TIMEOUT_MILLIS,
                MAX_AUTO_CREATED_QUEUES_PER_USER);
    }
}
