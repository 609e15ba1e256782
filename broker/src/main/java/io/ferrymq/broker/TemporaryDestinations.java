package io.ferrymq.broker;

import io.ferrymq.broker.address.AddressRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's temporary queues and topics (a dynamic source or target; JMS createTemporaryQueue/Topic): the names it
 * gives them, and which exist, with the connection that made each. A temporary destination lives as long as the link
 * that made it (messaging.xml#lifetime-policy, delete-on-close) and is never made again on demand once gone.
 *
 * <p>Connections' threads make and let go of them, and queues' threads look them up: the state is a concurrent map
 * and an atomic counter.
 */
final class TemporaryDestinations {
    private final AddressRegistry registry;
    private final AtomicLong names = new AtomicLong();
    /** Live temporary queues and topics, by name, with the connection that made them. */
    private final Map<String, BrokerConnection> live = new ConcurrentHashMap<>();

    TemporaryDestinations(AddressRegistry registry) {
        this.registry = registry;
    }

    /** True for a name the broker gives temporary destinations: never created on demand. */
    static boolean isTemporaryName(String name) {
        return name.startsWith("temp-queue-") || name.startsWith("temp-topic-");
    }

    /** A name no other queue or address has had: {@code prefix}, then a random UUID and a count. */
    String newName(String prefix) {
        return prefix + UUID.randomUUID() + "-" + names.incrementAndGet();
    }

    void created(String name, BrokerConnection owner) {
        live.put(name, owner);
    }

    /**
     * The connection that made temporary destination {@code name}, or null when it is no temporary destination (or is
     * gone).
     */
    BrokerConnection owner(String name) {
        return live.get(name);
    }

    /** True while temporary destination {@code name} exists. */
    boolean exists(String name) {
        return live.containsKey(name);
    }

    /**
     * A temporary destination's creator let it go (messaging.xml#lifetime-policy, delete-on-close): its address leaves
     * the registry once no queue is on it, so that its name cannot be attached to again and the registry does not grow
     * with every temporary destination ever made.
     */
    void deleted(String name) {
        live.remove(name);
        registry.removeIfUnused(name);
    }
}
