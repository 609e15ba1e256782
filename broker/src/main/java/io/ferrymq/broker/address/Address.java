package io.ferrymq.broker.address;

import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named destination. An anycast address has one queue, named as the address, that its
 * consumers share; a multicast address copies each message to all its subscription queues.
 */
public final class Address {
    private final String name;
    private final RoutingType routing;
    private final AddressPolicy policy;
    private final List<Queue> queues = new CopyOnWriteArrayList<>();
    /** Producer links attached to this address by name: while any is, its queue is in use. */
    private final AtomicInteger producers = new AtomicInteger();

    Address(String name, RoutingType routing, AddressPolicy policy) {
        this.name = name;
        this.routing = routing;
        this.policy = policy;
    }

    public String name() {
        return name;
    }

    public RoutingType routing() {
        return routing;
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** The queues messages sent here go to: the anycast queue, or the subscriptions. */
    public List<Queue> queues() {
        return queues;
    }

    public void producerAttached() {
        producers.incrementAndGet();
    }

    public void producerDetached() {
        producers.decrementAndGet();
    }

    /** Producer links attached to this address by name now. */
    public int producers() {
        return producers.get();
    }

    void add(Queue queue) {
        queues.add(queue);
    }

    void remove(Queue queue) {
        queues.remove(queue);
    }

    @Override
    public String toString() {
        return name + " (" + routing.name().toLowerCase(Locale.ROOT) + ", " + queues.size() + " queue(s))";
    }
}
