package io.ferrymq.broker.address;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's addresses and queues by name. Safe to use from any thread: lookups are lock-free,
 * creation is atomic per name.
 */
public final class AddressRegistry {
    private final List<AddressConfig> config;
    private final Limits limits;
    private final ConcurrentHashMap<String, Address> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    public AddressRegistry(List<AddressConfig> config, Limits limits) {
        this.config = config;
        this.limits = limits;
    }

    /** The policy for an address name, whether or not the address exists. */
    public AddressPolicy policy(String name) {
        return AddressPolicy.resolve(name, config, limits);
    }

    public Address address(String name) {
        return addresses.get(name);
    }

    /**
     * The address, created with {@code routing} (the configured routing type wins; anycast when
     * neither says) if it does not exist and the policy allows creating it; null otherwise.
     */
    public Address getOrCreate(String name, RoutingType routing, boolean create) {
        Address a = addresses.get(name);
        if (a != null || !create) {
            return a;
        }
        AddressPolicy policy = policy(name);
        if (!policy.autoCreate()) {
            return null;
        }
        return define(name, routing, policy);
    }

    /** Defines an address (configured, recovered, or an internal one such as the dead-letter address). */
    public Address define(String name, RoutingType routing, AddressPolicy policy) {
        RoutingType type =
                policy.routing() != null ? policy.routing() : routing != null ? routing : RoutingType.ANYCAST;
        return addresses.computeIfAbsent(name, n -> new Address(n, type, policy));
    }

    public Queue queue(String name) {
        return queues.get(name);
    }

    /** Registers a queue under its name and on its address; false if the name is taken. */
    public boolean register(Queue queue, Address address) {
        if (queues.putIfAbsent(queue.name(), queue) != null) {
            return false;
        }
        address.add(queue);
        return true;
    }

    public void unregister(Queue queue) {
        queues.remove(queue.name(), queue);
        Address a = addresses.get(queue.settings().address());
        if (a != null) {
            a.remove(queue);
        }
    }

    /** Removes the address {@code name} if no queue is on it (a deleted temporary destination); true if removed. */
    public boolean removeIfUnused(String name) {
        boolean[] removed = new boolean[1];
        addresses.computeIfPresent(name, (n, a) -> {
            if (a.queues().isEmpty()) {
                removed[0] = true;
                return null;
            }
            return a;
        });
        return removed[0];
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    public Collection<Address> addresses() {
        return addresses.values();
    }
}
