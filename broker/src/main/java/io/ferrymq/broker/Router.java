package io.ferrymq.broker;

import static io.ferrymq.broker.Broker.rejected;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Message;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.store.Store;
import io.ferrymq.store.StoreException;
import io.ferrymq.store.StoreFullException;
import io.ferrymq.store.StoreOverloadedException;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes messages to queues: a message to an address goes to each of its queues (a multicast address's subscriptions
 * less those whose filters refuse it), within the memory limit and each queue's limits, with the next message id. A
 * durable message is written to the journal before any queue takes it, and its producer hears once it is on disk;
 * a message the journal could not take is withdrawn from its queues.
 *
 * <p>Threads: a producer's connection thread publishes (a transaction's messages on its commit), and a queue's thread
 * publishes the copy of a dead letter; the outcome of a durable message completes on the journal's thread. Its one
 * piece of state, the next message id, is atomic.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final long[] NO_QUEUES = new long[0];

    private final Broker broker;
    private final Store store;
    private final MemoryAccount memory;
    private final SubscriptionFilters subscriptionFilters;
    private final AtomicLong messageIds;

    Router(Broker broker, Store store, MemoryAccount memory, SubscriptionFilters subscriptionFilters) {
        this.broker = broker;
        this.store = store;
        this.memory = memory;
        this.subscriptionFilters = subscriptionFilters;
        this.messageIds = new AtomicLong(store.nextMessageId());
    }

    /**
     * Puts a message on the queues {@code address} routes to. A durable message is settled
     * (the returned stage completes) once the journal has it; the queues get it then too.
     *
     * @return the outcome for the producer: accepted, or rejected with the reason
     */
    CompletableFuture<DeliveryState> publish(Address address, byte[] bytes, MessageInfo info, String origin) {
        if (!memory.admits(bytes.length)) {
            return CompletableFuture.completedFuture(memoryFull(bytes.length));
        }
        return route(address, bytes, info, origin);
    }

    /**
     * Publishes a message whose bytes memory already counts (one sent in a transaction, counted while it waited
     * for the commit): they are given back here and counted again as the queues take the message.
     */
    CompletableFuture<DeliveryState> publishHeld(Address address, byte[] bytes, MessageInfo info, String origin) {
        memory.release(MemoryAccount.heapCost(bytes.length));
        return route(address, bytes, info, origin);
    }

    /** The outcome for a message the broker has no memory left for (past the room the credit granted needs). */
    Rejected memoryFull(long size) {
        return rejected(
                AmqpError.RESOURCE_LIMIT_EXCEEDED,
                String.format(
                        "the broker's memory is full: it holds %,d"
                                + " bytes of messages and takes at most %,d (memory limit %,d plus a quarter), so this one of %,d"
                                + " bytes was not taken; send it again once consumers have caught up",
                        memory.used(), memory.hardLimit(), memory.limit(), size));
    }

    /** A message waiting to be published: one sent in a transaction, until the transaction commits. */
    record Pending(Address address, byte[] bytes, MessageInfo info) {}

    /**
     * Why the messages of a transaction cannot all be taken, or null: a queue they go to would pass its
     * {@code max-messages} or {@code max-bytes} with all of them. Checked before any is published, so that a commit
     * the queues cannot take rolls back whole rather than leave some of its messages on their queues.
     */
    Rejected refusal(List<Pending> pending, String origin) {
        Map<Queue, Adds> adds = new LinkedHashMap<>();
        for (Pending p : pending) {
            for (Queue q : targets(p.address(), p.bytes(), p.info(), origin)) {
                adds.merge(q, new Adds(1, p.bytes().length), Adds::plus);
            }
        }
        for (Map.Entry<Queue, Adds> e : adds.entrySet()) {
            Adds a = e.getValue();
            if (!e.getKey().hasRoomFor(a.messages(), a.bytes())) {
                return rejected(
                        AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "queue '" + e.getKey().name() + "' has no room for" + " the transaction's " + a.messages()
                                + " message(s) (" + a.bytes() + " bytes)");
            }
        }
        return null;
    }

    /** What a transaction would add to one queue. */
    private record Adds(long messages, long bytes) {
        Adds plus(Adds other) {
            return new Adds(messages + other.messages, bytes + other.bytes);
        }
    }

    /** The queues a message to {@code address} goes to: all of them, less subscriptions whose filters refuse it. */
    private List<Queue> targets(Address address, byte[] bytes, MessageInfo info, String origin) {
        List<Queue> queues = address.queues();
        if (address.routing() == RoutingType.MULTICAST && !subscriptionFilters.isEmpty()) {
            List<Queue> admitted = new ArrayList<>(queues.size());
            for (Queue q : queues) {
                if (subscriptionFilters.admits(q, info, bytes, origin)) {
                    admitted.add(q);
                }
            }
            queues = admitted;
        }
        return queues;
    }

    private CompletableFuture<DeliveryState> route(Address address, byte[] bytes, MessageInfo info, String origin) {
        if (address.routing() == RoutingType.ANYCAST && address.queues().isEmpty()) {
            // Its queue was deleted as unused (auto-delete) while a producer held the address: made again, as an attach
            // would, rather than the message going nowhere.
            Address again = broker.resolve(address.name(), RoutingType.ANYCAST, true);
            if (again != null) {
                address = again;
            }
        }
        List<Queue> queues = targets(address, bytes, info, origin);
        for (Queue q : queues) {
            if (q.full(bytes.length)) {
                return CompletableFuture.completedFuture(
                        rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED, "queue '" + q.name() + "' is full"));
            }
        }
        Message m = new Message(
                        messageIds.getAndIncrement(),
                        bytes,
                        info.durable(),
                        info.priority(),
                        info.expiry(),
                        address.name())
                .origin(origin);
        if (queues.isEmpty()) {
            return CompletableFuture.completedFuture(Accepted.INSTANCE);
        }
        memory.add(m.heapSize());
        List<Queue> targets = List.copyOf(queues);
        long[] durableQueues = info.durable() ? durableIds(targets) : NO_QUEUES;
        if (durableQueues.length > 0 && durableQueues.length < targets.size()) {
            m.pin();
        }
        for (Queue q : targets) {
            q.reserve(m);
        }
        // Paging is the timer's work (every 100 ms) and the store completion's below, not each publish's: a scan per
        // message under pressure made producing a backlog crawl.
        if (durableQueues.length == 0) {
            for (Queue q : targets) {
                q.enqueue(m);
            }
            return CompletableFuture.completedFuture(Accepted.INSTANCE);
        }
        // The journal gets the message before any queue does, so its add record precedes any
        // acknowledgement's remove record. Queues take it at once, in arrival order with the
        // producer's other messages; the producer hears only once it is on disk.
        CompletableFuture<Void> stored = store.addMessage(m.id(), Unpooled.wrappedBuffer(bytes), durableQueues);
        for (Queue q : targets) {
            q.enqueue(m);
        }
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        stored.whenComplete((v, e) -> {
            if (e == null) {
                m.markStored();
                if (memory.pressure()) {
                    // Memory is short: a new durable body goes to the store at once rather than wait for a scan.
                    memory.release(m.pageOut());
                }
                outcome.complete(Accepted.INSTANCE);
            } else {
                for (Queue q : targets) {
                    q.withdraw(m);
                }
                outcome.complete(storeFailure(e));
            }
        });
        return outcome;
    }

    private static long[] durableIds(List<Queue> targets) {
        int n = 0;
        for (Queue q : targets) {
            if (q.settings().durable()) {
                n++;
            }
        }
        if (n == 0) {
            return NO_QUEUES;
        }
        long[] ids = new long[n];
        int i = 0;
        for (Queue q : targets) {
            if (q.settings().durable()) {
                ids[i++] = q.id();
            }
        }
        return ids;
    }

    private static DeliveryState storeFailure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof StoreFullException || cause instanceof StoreOverloadedException) {
            return rejected(
                    AmqpError.RESOURCE_LIMIT_EXCEEDED, "the journal cannot take the message: " + cause.getMessage());
        }
        if (cause instanceof StoreException) {
            // The store logged it, once (a failed write, a stopped store thread): a line per refused message would
            // let a burst of producers fill the log.
            LOG.debug("journal append failed: {}", cause.toString());
        } else {
            LOG.error("journal append failed", cause);
        }
        return rejected(AmqpError.INTERNAL_ERROR, "the journal failed: " + cause.getMessage());
    }
}
