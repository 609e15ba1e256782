package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.address.AddressRegistry;
import io.ferrymq.broker.config.Sizes;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueHost;
import io.ferrymq.broker.queue.QueueSettings;
import io.ferrymq.broker.queue.QueueSettingsCodec;
import io.ferrymq.store.Store;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's queues made and unmade: a new queue within the broker's limits (how many queues its memory holds, and
 * room in memory for one more), on the thread it will live on, in the registry and, when durable, in the journal; and
 * when a queue is deleted, the journal record, the registry and the counts that go with it. It also counts, per user,
 * the queues made on demand that still exist.
 *
 * <p>Threads: queues are made on connections' threads (an attach, a message to a new address) and on queues' threads
 * (a dead letter's address made on demand); a queue reports its deletion on its own thread. The state here is
 * concurrent maps and an atomic id.
 */
final class QueueLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLifecycle.class);

    /**
     * Heap one queue takes whatever it holds (its entry structures, mailbox, registry slots): about 12 KB measured,
     * counted as 64 KiB so that {@link #maxQueues()} keeps queues within a quarter of the memory limit, and a few
     * thousand attaches to new addresses cannot run a small heap out (they did: ~12 KB each, counted nowhere).
     */
    static final long QUEUE_ROOM = 64L << 10;

    /**
     * Heap a queue takes in memory's count, whatever it holds: about 12 KB measured (entry structures, mailbox,
     * registry slots). Counted, queues made by the thousand hold producers back as messages do, and past the hard
     * limit no more are made.
     */
    static final long QUEUE_HEAP = 16L << 10;

    private final Broker broker;
    private final AddressRegistry registry;
    private final MemoryAccount memory;
    private final Store store;
    private final SubscriptionFilters subscriptionFilters;
    private final EventLoopGroup workers;
    private final QueueHost host;
    /** The id the next queue made gets. */
    private final AtomicLong nextId = new AtomicLong();

    QueueLifecycle(Broker broker, QueueHost host) {
        this.broker = broker;
        this.registry = broker.registry();
        this.memory = broker.memory();
        this.store = broker.store();
        this.subscriptionFilters = broker.subscriptionFilters();
        this.workers = broker.workers();
        this.host = host;
    }

    /** Queue ids go on from {@code id} (above every queue the journal recovered). */
    void nextId(long id) {
        nextId.set(id);
    }

    /** Who made each queue made on demand (still existing), for {@link #autoCreatedByUser}. */
    private final Map<Queue, String> autoCreators = new ConcurrentHashMap<>();
    /** Queues made on demand and still existing, per user: at most {@code limits.max-auto-created-queues-per-user}. */
    private final Map<String, Integer> autoCreatedByUser = new ConcurrentHashMap<>();

    /** How many queues made on demand by {@code user}'s connections still exist. */
    int autoCreatedBy(String user) {
        return autoCreatedByUser.getOrDefault(user, 0);
    }

    /** Notes that {@code user}'s attach or message made {@code queue} on demand. */
    void autoCreated(String user, Queue queue) {
        if (autoCreators.putIfAbsent(queue, user) == null) {
            autoCreatedByUser.merge(user, 1, Integer::sum);
        }
    }

    /** The most queues the broker holds: a quarter of the memory limit at {@link #QUEUE_ROOM} each, at least 1,024. */
    long maxQueues() {
        return Math.max(1024, memory.limit() / QUEUE_ROOM);
    }

    /** Creates a queue (returns the existing one of that name if there is one). */
    Queue createQueue(QueueSettings settings) {
        Queue existing = registry.queue(settings.name());
        if (existing != null) {
            return existing;
        }
        if (registry.queues().size() >= maxQueues()) {
            throw new QueueLimitException("the broker holds "
                    + registry.queues().size() + " queues, its limit for " + Sizes.format(memory.limit())
                    + " of memory: queue '" + settings.name() + "' was not made");
        }
        if (!memory.admits(QUEUE_HEAP)) {
            throw new QueueLimitException("the broker's memory is full (" + Sizes.format(memory.used())
                    + " in use): queue '" + settings.name() + "' was not made");
        }
        Address address = registry.define(settings.address(), settings.routing(), registry.policy(settings.address()));
        Queue queue = new Queue(host, nextId.getAndIncrement(), settings, ownerForNewQueue());
        if (!registry.register(queue, address)) {
            return registry.queue(settings.name());
        }
        memory.addStructure(QUEUE_HEAP);
        if (settings.durable()) {
            store.createQueue(queue.id(), QueueSettingsCodec.encode(settings)).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.error("queue {} could not be recorded in the journal: {}", settings.name(), e.toString());
                }
            });
        }
        LOG.debug("created {}", queue);
        return queue;
    }

    /**
     * {@code queue} is deleted (on its own thread): the deletion goes to the journal, the queue leaves the registry,
     * and what was counted for it is given back.
     */
    void deleted(Queue queue, long[] durableMessageIds) {
        // Recorded before the queue leaves the registry: once it is gone from there, a broker stopped is sure to have
        // the deletion in its journal (the store appends what it was given before it closes).
        if (queue.settings().durable()) {
            store.deleteQueue(queue.id(), durableMessageIds).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.error("the deletion of queue {} could not be recorded: {}", queue.name(), e.toString());
                }
            });
        }
        registry.unregister(queue);
        memory.addStructure(-QUEUE_HEAP);
        String creator = autoCreators.remove(queue);
        if (creator != null) {
            autoCreatedByUser.computeIfPresent(creator, (u, n) -> n <= 1 ? null : n - 1);
        }
        String address = queue.settings().address();
        if (queue.settings().temporary()
                && TemporaryDestinations.isTemporaryName(address)
                && !broker.temporaries().exists(address)) {
            registry.removeIfUnused(address); // the last subscription on a temporary topic its creator let go
        }
        subscriptionFilters.remove(queue);
        LOG.debug("deleted {}", queue);
    }

    /**
     * The thread a new queue lives on: the calling connection's, when a connection's attach makes it, so the messages
     * of that connection's link reach the queue without waking another thread (a hand-off between threads costs more
     * CPU than the rest of a message's trip through the broker); otherwise the next worker.
     */
    private Executor ownerForNewQueue() {
        for (EventExecutor e : workers) {
            if (e.inEventLoop()) {
                return e;
            }
        }
        return workers.next();
    }
}
