package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.address.AddressPolicy;
import io.ferrymq.broker.address.AddressRegistry;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.broker.config.ListenerConfig;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.config.UserConfig;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Message;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueEntry;
import io.ferrymq.broker.queue.QueueHost;
import io.ferrymq.broker.queue.QueueSettings;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.engine.LogText;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.ScramCredential;
import io.ferrymq.store.RecoveredState;
import io.ferrymq.store.Store;
import io.ferrymq.store.StoreOptions;
import io.ferrymq.transport.AmqpListener;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.TlsOptions;
import io.ferrymq.transport.Transports;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Ferry message broker: the journal, the addresses and queues, and the listeners that let AMQP clients in.
 * {@link #start} recovers what the journal holds ({@link Recovery}) and starts the timers and the listeners;
 * {@link #close} stops cleanly. Here too: resolving an address (made on demand as its policy allows) and the rules for
 * address names, and the counts of connections and of unfinished messages per user. The rest is in its parts:
 * {@link Router} publishes messages to queues, {@link DeadLetters} copies dead letters and expired messages on,
 * {@link QueueLifecycle} makes and deletes queues, {@link TemporaryDestinations} keeps the temporary ones, and
 * {@link PagingTimer} and {@link AutoDelete} run on timers.
 *
 * <p>Threads: connections call it on their event-loop threads, and queues on theirs through a private
 * {@link QueueHost}; its own state is final or concurrent. {@link #start} and {@link #close} run on the caller's thread,
 * each timer on one worker.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final Store store;
    private final AddressRegistry registry;
    private final MemoryAccount memory;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final List<AmqpListener> listeners = new ArrayList<>();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final Permissions permissions;
    private final SubscriptionFilters subscriptionFilters = new SubscriptionFilters();
    private final Router router;
    private final DeadLetters deadLetters;
    private final QueueLifecycle queueLifecycle;
    private final TemporaryDestinations temporaries;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<BrokerConnection> openConnections = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile boolean closed;

    private Broker(BrokerConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.registry = new AddressRegistry(config.addresses(), config.limits());
        this.memory = new MemoryAccount(config.limits().memoryBytes());
        this.permissions = new Permissions(config.permissions());
        this.acceptors = Transports.group(1, "ferry-accept");
        this.workers = Transports.group(config.ioThreads(), "ferry-io");
        this.router = new Router(this, store, memory, subscriptionFilters);
        this.deadLetters = new DeadLetters(this, router);
        this.temporaries = new TemporaryDestinations(registry);
        this.queueLifecycle = new QueueLifecycle(this, queueHost);
        for (UserConfig u : config.users()) {
            users.add(u.name(), u.credentials().toArray(new ScramCredential[0]));
        }
    }

    /**
     * Opens the journal (taking its lock), recovers durable queues and messages, and starts the
     * listeners.
     *
     * @throws IOException when the data directory is locked or unusable, or a port cannot be bound
     */
    public static Broker start(BrokerConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        StoreOptions.Builder so = StoreOptions.builder()
                .syncPolicy(config.store().sync())
                .syncInterval(config.store().syncInterval())
                .segmentSize(config.store().segmentSize())
                .allocator(UnpooledByteBufAllocator.DEFAULT)
                .acceptJournalDamage(config.store().acceptJournalDamage());
        if (config.store().maxDiskBytes() > 0) {
            so.maxDiskBytes(config.store().maxDiskBytes());
        }
        Store store = Store.open(config.dataDir().resolve("journal"), so.build());
        Broker broker = new Broker(config, store);
        try {
            broker.recover(store.takeRecoveredState());
            broker.startTimers();
            for (ListenerConfig l : config.listeners()) {
                broker.listen(l);
            }
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * Output that may wait for one connection before it is closed: consumers claim no more while its socket is full,
     * so a connection holds its socket's buffer, one hand-off and one message at most; twice the largest message and
     * 16 MiB is a bound that only a defect reaches.
     */
    static long maxUnwrittenBytes(Limits limits) {
        return 2 * limits.maxMessageSize() + (16L << 20);
    }

    private void listen(ListenerConfig l) throws IOException {
        // Sockets count from accept: the AMQP limit plus room for a few refusals to be answered with a close frame.
        int sockets = (int) Math.min(Integer.MAX_VALUE, config.limits().maxConnections() + 100L);
        ListenerOptions options = new ListenerOptions()
                .host(l.host())
                .port(l.port())
                .allowPlain(l.allowPlain())
                .webSocketPath(l.webSocketPath())
                .maxSockets(sockets)
                .maxSocketsPerSource(Math.min(sockets, config.limits().maxConnectionsPerSource()))
                .unreadTimeoutMillis(config.limits().unreadTimeoutMillis())
                .maxUnwrittenBytes(maxUnwrittenBytes(config.limits()));
        if (l.tls() != null) {
            ListenerConfig.TlsConfig t = l.tls();
            TlsOptions tls = t.options();
            options.tls(tls);
        }
        AmqpListener listener =
                AmqpListener.start(options, acceptors, workers, ctx -> new BrokerConnection(this, ctx, l).engine());
        listeners.add(listener);
        LOG.info("listening on {}:{} ({})", l.host(), listener.port(), l);
    }

    private void recover(RecoveredState state) {
        Recovery recovery = new Recovery(registry, memory, store, subscriptionFilters, queueHost, workers);
        queueLifecycle.nextId(recovery.recover(state));
    }

    private void startTimers() {
        timers.add(workers.next().scheduleAtFixedRate(this::expireScan, 1, 1, TimeUnit.SECONDS));
        PagingTimer paging = new PagingTimer(memory, registry);
        timers.add(workers.next()
                .scheduleAtFixedRate(
                        paging::pageIfNeeded,
                        PagingTimer.PERIOD_MILLIS,
                        PagingTimer.PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS));
        AutoDelete autoDelete = new AutoDelete(registry);
        timers.add(workers.next()
                .scheduleAtFixedRate(
                        autoDelete::scan, AutoDelete.SCAN_MILLIS, AutoDelete.SCAN_MILLIS, TimeUnit.MILLISECONDS));
    }

    private void expireScan() {
        long now = System.currentTimeMillis();
        for (Queue q : registry.queues()) {
            if (q.depth() > 0) {
                q.expireScan(now);
            }
        }
    }

    // ------------------------------------------------------------------ addresses and queues

    public BrokerConfig config() {
        return config;
    }

    AddressRegistry registry() {
        return registry;
    }

    /** The queue named {@code name} as it is now, or null if there is none. */
    public QueueInfo queueInfo(String name) {
        Queue q = registry.queue(name);
        if (q == null) {
            return null;
        }
        QueueSettings s = q.settings();
        return new QueueInfo(
                s.name(),
                s.address(),
                s.durable(),
                q.depth(),
                q.bytes(),
                q.consumerCount(),
                q.enqueuedCount(),
                q.acknowledgedCount(),
                q.expiredCount(),
                q.deadLetteredCount());
    }

    /** The names of the queues bound to address {@code name} (an anycast address's one, a topic's subscriptions). */
    public List<String> queueNames(String address) {
        Address a = registry.address(address);
        if (a == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Queue q : a.queues()) {
            names.add(q.name());
        }
        return names;
    }

    /**
     * True for an address that holds copies of other addresses' messages: the dead-letter and expiry addresses of the
     * limits and of every configured address.
     */
    boolean holdsCopies(String address) {
        return AddressPolicy.holdsCopies(address, config.addresses(), config.limits());
    }

    Permissions permissions() {
        return permissions;
    }

    SubscriptionFilters subscriptionFilters() {
        return subscriptionFilters;
    }

    InMemoryUserStore users() {
        return users;
    }

    EventLoopGroup workers() {
        return workers;
    }

    Router router() {
        return router;
    }

    TemporaryDestinations temporaries() {
        return temporaries;
    }

    /**
     * The address {@code name}, created if it does not exist and its policy allows; for an anycast
     * address, its queue exists too. Null when there is no such address and none may be made.
     */
    Address resolve(String name, RoutingType hint, boolean create) {
        if (TemporaryDestinations.isTemporaryName(name) && !temporaries.exists(name)) {
            return null; // a temporary destination that is gone (or never was): not made again on demand
        }
        Address a = registry.getOrCreate(name, hint, create && !reserved(name));
        if (a != null && a.routing() == RoutingType.ANYCAST && registry.queue(name) == null) {
            AddressPolicy p = a.policy();
            createQueue(new QueueSettings(
                    name,
                    name,
                    RoutingType.ANYCAST,
                    p.durable(),
                    false,
                    false,
                    p.maxMessages(),
                    p.maxBytes(),
                    p.maxDeliveries(),
                    p.deadLetterAddress(),
                    p.expiryAddress(),
                    null));
        }
        return a;
    }

    /**
     * Names starting with '$' belong to the broker's own nodes ({@code $management} and those to come): never created
     * on demand, so that a message to one is refused, not stored in a queue of that name.
     */
    static boolean reserved(String name) {
        return name.startsWith("$");
    }

    /** The longest address a client may name. */
    static final int MAX_ADDRESS_LENGTH = 1024;

    /**
     * Why a client may not use {@code name} as an address, or null: control characters (a line break or terminal
     * escape would travel into the logs and the journal with every queue of that name) or more than
     * {@link #MAX_ADDRESS_LENGTH} characters.
     */
    static String badAddress(String name) {
        if (name.length() > MAX_ADDRESS_LENGTH) {
            return "an address of " + name.length() + " characters: at most " + MAX_ADDRESS_LENGTH + " are allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return "address '" + LogText.safe(name) + "' holds a control character at " + i;
            }
        }
        return null;
    }

    /** Why {@code name} was not found, for the error a client gets. */
    static String notFound(String name) {
        if (TemporaryDestinations.isTemporaryName(name)) {
            return "temporary destination '" + name + "' does not exist (any more): it lives only as long as the link "
                    + "that made it";
        }
        return "address '" + name + "' does not exist"
                + (reserved(name)
                        ? " (names starting with '$' are reserved for the broker's own nodes, and this one is not served)"
                        : "");
    }

    /** Queues a connection may have made on demand and still existing (an attach to a new address makes one). */
    static final int MAX_AUTO_CREATED_PER_CONNECTION = 1_000;

    /** Bytes of unfinished messages held per user (all the user's connections), for the per-user share. */
    private final Map<String, Long> partialByUser = new ConcurrentHashMap<>();

    /** Adds {@code delta} to {@code user}'s unfinished-message bytes; returns the new total. */
    long partialBytesOf(String user, long delta) {
        if (delta == 0) {
            return partialByUser.getOrDefault(user, 0L);
        }
        Long total = partialByUser.compute(user, (u, n) -> {
            long sum = (n == null ? 0 : n) + delta;
            return sum <= 0 ? null : sum;
        });
        return total == null ? 0 : total;
    }

    /** How many queues made on demand by {@code user}'s connections still exist. */
    int autoCreatedBy(String user) {
        return queueLifecycle.autoCreatedBy(user);
    }

    /** Notes that {@code user}'s attach or message made {@code queue} on demand. */
    void autoCreated(String user, Queue queue) {
        queueLifecycle.autoCreated(user, queue);
    }

    /** The most queues the broker holds: a share of its memory limit ({@link QueueLifecycle#maxQueues()}). */
    public long maxQueues() {
        return queueLifecycle.maxQueues();
    }

    /**
     * Creates a queue (returns the existing one of that name if there is one).
     *
     * @throws QueueLimitException when the broker has no room for another queue
     */
    Queue createQueue(QueueSettings settings) {
        return queueLifecycle.createQueue(settings);
    }

    /**
     * Creates the queue of a temporary destination named {@code name} (a dynamic node, or a temporary topic's own
     * queue): anycast, not durable, no limits of its own, the broker's redelivery and dead-letter settings.
     *
     * @throws QueueLimitException when the broker has no room for another queue
     */
    Queue createTemporaryQueue(String name) {
        Limits limits = config.limits();
        return createQueue(new QueueSettings(
                name,
                name,
                RoutingType.ANYCAST,
                false,
                true,
                false,
                -1,
                -1,
                limits.maxDeliveries(),
                limits.deadLetterAddress(),
                limits.expiryAddress(),
                null));
    }

    /**
     * What the queues need of the broker: a private adapter, so that the broker's public API does not carry the
     * queues' call-backs (dead-lettering, restoring a message, a queue's deletion) for anyone to call.
     */
    private final QueueHost queueHost = new QueueHost() {
        @Override
        public Store store() {
            return store;
        }

        @Override
        public MemoryAccount memory() {
            return memory;
        }

        @Override
        public Message restore(long messageId, byte[] bytes, String address) {
            return Broker.this.restore(messageId, bytes, address);
        }

        @Override
        public void deadLetter(QueueEntry entry, String reason) {
            deadLetters.deadLetter(entry, reason);
        }

        @Override
        public void expired(QueueEntry entry) {
            deadLetters.expired(entry);
        }

        @Override
        public void queueDeleted(Queue queue, long[] durableMessageIds) {
            queueLifecycle.deleted(queue, durableMessageIds);
        }
    };

    // ------------------------------------------------------------------ outcomes

    /**
     * True when a link's source lists the rejected outcome (or makes it the default): only then may a delivery on it be
     * settled as rejected; otherwise an error that would have been a rejection detaches the link
     * (transactions.xml#doc-txn-declare and #doc-txn-discharge; messaging.xml#type-source, outcomes).
     */
    static boolean offersRejected(Source source) {
        if (source == null) {
            return false;
        }
        if (source.defaultOutcome() instanceof Rejected) {
            return true;
        }
        Symbol[] outcomes = source.outcomes();
        if (outcomes != null) {
            for (Symbol o : outcomes) {
                if (Rejected.DESCRIPTOR_SYMBOL.equals(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    static Rejected rejected(Symbol condition, String description) {
        return new Rejected(new ErrorCondition(condition, description));
    }

    public Store store() {
        return store;
    }

    MemoryAccount memory() {
        return memory;
    }

    /** Bytes of messages held in memory now (queues, transactions, deliveries in flight): what limits.memory bounds. */
    public long messageMemoryBytes() {
        return memory.messageBytes();
    }

    private static final ThreadLocal<Decoder> RESTORING = ThreadLocal.withInitial(SpecTypes::newDecoder);

    private Message restore(long messageId, byte[] bytes, String address) {
        return Recovery.stored(
                messageId, bytes, MessageInfo.read(bytes, RESTORING.get(), System.currentTimeMillis()), address);
    }

    // ------------------------------------------------------------------ connections

    boolean connectionOpened(BrokerConnection c) {
        if (closed || connections.incrementAndGet() > config.limits().maxConnections()) {
            connections.decrementAndGet();
            return false;
        }
        openConnections.add(c);
        return true;
    }

    void connectionClosed(BrokerConnection c) {
        if (openConnections.remove(c)) {
            connections.decrementAndGet();
        }
    }

    public int connectionCount() {
        return connections.get();
    }

    /** The ports actually bound, in listener order (useful with port 0). */
    public List<Integer> ports() {
        return listeners.stream().map(AmqpListener::port).toList();
    }

    Executor anyWorker() {
        return workers.next();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AmqpListener l : listeners) {
            l.close();
        }
        timers.forEach(t -> t.cancel(false));
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            store.close();
        } catch (IOException e) {
            LOG.error("closing the journal", e);
        }
        LOG.info("broker {} stopped", config.name());
    }
}
