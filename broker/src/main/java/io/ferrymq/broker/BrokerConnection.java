package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.broker.config.ListenerConfig;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.config.Sizes;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transactions.Coordinator;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.LogText;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.engine.Session;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.ConnectionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the broker: the engine's handler, on the connection's event loop. It
 * turns attaches into producers, consumers and transaction coordinators, and on the way out
 * gives back everything the connection held.
 */
final class BrokerConnection implements EngineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
    /** Lines peers cause, held to a rate (a flood of connections or refused links cannot flood the log). */
    private static final LogLimiter PEER_LINES = new LogLimiter(100);

    final Broker broker;
    final ConnectionContext ctx;
    final Engine engine;
    final Decoder decoder = SpecTypes.newDecoder();
    private final List<BrokerLink> links = new ArrayList<>();
    private final Map<String, CoordinatorLink.Transaction> transactions = new LinkedHashMap<>();
    private boolean admitted;
    private boolean ended;
    /** Bytes of messages this connection's producers have part way (frames of messages not yet complete). */
    private long partialBytes;
    /** Names of the queues attaches on this connection made on demand (pruned of those since deleted). */
    private final Set<String> autoCreated = new HashSet<>();
    /** The most incoming capacity a session gets: {@link #sessionCapacity}. */
    private final long sessionCapacity;
    /** Opens the sessions' windows again once memory is below its low mark: one object, registered once. */
    private final Runnable reopenWindows;
    /** Bytes of sent messages paged out of their queues that may still wait to be written, counted in memory. */
    private long pagedOutUnwritten;

    BrokerConnection(Broker broker, ConnectionContext ctx, ListenerConfig listener) {
        this.broker = broker;
        this.ctx = ctx;
        var limits = broker.config().limits();
        this.sessionCapacity = sessionCapacity(limits, broker.memory().limit(), MAX_FRAME_SIZE);
        this.reopenWindows = () -> ctx.execute(this::reopenWindows);
        EngineOptions options = new EngineOptions()
                .containerId(broker.config().name())
                .channelMax(Math.min(65535, limits.maxSessionsPerConnection() - 1))
                .handleMax(limits.maxLinksPerSession() - 1)
                .idleTimeoutMillis(limits.idleTimeoutMillis())
                .sessionIncomingCapacity(sessionCapacity)
                .maxFrameSize(MAX_FRAME_SIZE)
                .offeredCapabilities(Capabilities.ANONYMOUS_RELAY, Capabilities.SHARED_SUBS)
                .properties(Map.of(Capabilities.PRODUCT, "Ferry", Capabilities.VERSION, BrokerVersion.VERSION))
                .authenticator(new StandardAuthenticator(broker.users(), listener.allowAnonymous()))
                .saslRequired(!listener.allowAnonymous());
        this.engine = Engine.server(options, this);
        // Consumers stop claiming messages while the socket's outbound buffer is past its high watermark (the peer
        // is not reading); once it drains, their queues are told to dispatch again.
        ctx.onWritable(() -> {
            for (BrokerLink l : links) {
                if (l instanceof ConsumerLink c) {
                    c.writable();
                }
            }
        });
        ctx.onUnwrittenBytes(this::unwritten);
    }

    /**
     * Counts in the broker's memory the messages that wait, unwritten, for the peer and that nothing else counts: a
     * message the journal holds is no longer counted as its queue's once sent ({@link #sentPagedOut}), but its bytes
     * stay in the heap until the peer reads them, and many peers that read slowly could otherwise hold much of the heap
     * uncounted. Output leaves in the order it was made, so of the paged-out bytes at most the output still waiting
     * (reported by the transport) can be left: counted, they hold producers back as any other memory does. (A
     * message not paged out, held in memory until settled, is counted as its queue's and not again.)
     */
    private void unwritten(long bytes) {
        long left = Math.min(pagedOutUnwritten, bytes);
        if (left < pagedOutUnwritten) {
            broker.memory().release(pagedOutUnwritten - left);
            pagedOutUnwritten = left;
        }
    }

    /** A message sent whose body its queue no longer counts ({@code bytes} freed there): counted here until written. */
    void sentPagedOut(long bytes) {
        pagedOutUnwritten += bytes; // the memory moves from the queue's count to this connection's: no change in use
    }

    /**
     * The largest frame the broker takes (and advertises in its open). Its session window is counted in frames of this
     * size, so it sets how many frames a window of given bytes holds: at 64 KiB, a window of 64 MiB is 1,024 frames,
     * room for a batch of 1,000 small messages, where at 256 KiB it was 256. A message larger than a frame costs a
     * transfer header (a few dozen bytes) per 64 KiB, and the broker copies a message's frames into one array either
     * way. (Qpid Dispatch took 16 KiB frames; protonj2 and Qpid JMS offer the peer up to 64 KiB by default.)
     */
    static final long MAX_FRAME_SIZE = 64 * 1024;

    /**
     * Bytes of transfers a session may have in flight towards the broker: the incoming window it advertises, in frames
     * of {@code maxFrameSize} ({@code transport.xml#doc-session-flow-control}). Enough for a batch of four messages of
     * the largest size allowed and for a producer's whole first grant of single-frame messages, so that a client that
     * writes a batch and closes its connection at once has written all of it (with the earlier window of 64 frames the
     * rest of such a batch never left the client); but at most an eighth of the memory limit
     * ({@link #WINDOW_SHARE}). The broker takes every frame as it arrives and counts it in memory, so the window holds
     * nothing of its own; it bounds what a session can have in flight before the broker can hold it back.
     */
    static long sessionCapacity(Limits limits, long memoryLimit, long maxFrameSize) {
        long wanted = Math.max(4 * limits.maxMessageSize(), (long) limits.producerCredit() * maxFrameSize);
        return Math.max(16L * maxFrameSize, Math.min(wanted, memoryLimit / WINDOW_SHARE));
    }

    /**
     * The share of free memory one session's window may take: bytes in flight may cost twice their size in heap (a body
     * of half a G1 region or more takes whole regions, {@code MemoryAccount.heapCost}), so windows of an eighth each
     * let four sessions that write as fast as their sockets take fill memory to its limit and no further.
     */
    static final long WINDOW_SHARE = 8;

    /**
     * Sizes the incoming window {@code session} may be given next to the memory left: at most an eighth of what is
     * free below the hard limit ({@link #WINDOW_SHARE}), so that the windows the broker hands out shrink as memory
     * fills, and producers that hold credit (the whole first grant, say) are held back by bytes rather than refused at
     * the hard limit. Memory still reaches its limit, where no credit is granted. Close to the hard limit a session
     * gets two frames at a time, and none once its producer's next message ({@code nextMessageCost}, the heap its
     * messages take on average) would not fit below it, except one frame at a time while a message is part way
     * ({@code completing}), so that it can finish (and be stored or refused) rather than hold memory for ever. Once
     * memory is below its low mark again the windows are opened. The engine never takes back a window it gave: a
     * smaller capacity only stops it being opened again as transfers use it up.
     */
    void fitIncomingWindow(Session session, boolean completing, long nextMessageCost) {
        var memory = broker.memory();
        long room = Math.max(0, memory.hardLimit() - memory.used());
        long capacity = Math.min(sessionCapacity, room / WINDOW_SHARE);
        if (room <= nextMessageCost) {
            memory.whenBelowLowMark(reopenWindows);
            capacity = completing ? MAX_FRAME_SIZE : 0;
        } else if (capacity < 2 * MAX_FRAME_SIZE) {
            capacity = 2 * MAX_FRAME_SIZE; // near the hard limit (or a very small one): two frames at a time
        }
        session.incomingCapacity(Math.max(1, capacity));
    }

    private void reopenWindows() {
        if (ended) {
            return;
        }
        Set<Session> sessions = new HashSet<>();
        for (BrokerLink l : links) {
            if (l instanceof ProducerLink p) {
                sessions.add(p.link.session());
            }
        }
        for (Session s : sessions) {
            fitIncomingWindow(s, false, 0);
            s.reopenIncomingWindow();
        }
    }

    /**
     * Resolves {@code address} for an attach or an anonymous-relay message, making it (and its queue) on demand as the
     * policy allows, within this connection's share (at most {@link Broker#MAX_AUTO_CREATED_PER_CONNECTION} queues it
     * made still exist) and its user's ({@code limits.max-auto-created-queues-per-user}, all of the user's connections
     * together).
     */
    Address resolveForAttach(String address, RoutingType hint) throws LinkRefusedException {
        boolean existed = broker.registry().address(address) != null;
        if (!existed) {
            autoCreated.removeIf(name -> broker.registry().queue(name) == null);
            if (autoCreated.size() >= Broker.MAX_AUTO_CREATED_PER_CONNECTION) {
                throw new LinkRefusedException(
                        AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "this connection has made "
                                + autoCreated.size() + " queues on demand, its limit: address '" + address
                                + "' was not made");
            }
            int byUser = broker.autoCreatedBy(user());
            if (byUser >= broker.config().limits().maxAutoCreatedQueuesPerUser()) {
                throw new LinkRefusedException(
                        AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "user '" + LogText.safe(user())
                                + "' has made " + byUser + " queues on demand, the limit per user "
                                + "(limits.max-auto-created-queues-per-user): address '" + address + "' was not made");
            }
        }
        Address a = broker.resolve(address, hint, true);
        Queue made = existed || a == null ? null : broker.registry().queue(address);
        if (made != null) {
            autoCreated.add(address);
            broker.autoCreated(user(), made);
        }
        return a;
    }

    /**
     * Heap one link takes in memory's count, whatever it carries (the engine's link, the broker's producer or consumer
     * with its hand-off and outstanding deliveries): a few KiB. Counted, and bounded per connection by
     * {@link #maxLinks}, a connection attaching links by the hundred thousand (as many as max-sessions-per-connection
     * times max-links-per-session allow) cannot run the broker out of heap.
     */
    static final long LINK_HEAP = 4L << 10;

    /** The links one connection may have attached at once: its eighth of memory at {@link #LINK_HEAP}, at least 256. */
    long maxLinks() {
        return Math.max(256, broker.memory().limit() / WINDOW_SHARE / LINK_HEAP);
    }

    /**
     * The bytes of unfinished messages one connection may hold: one message of the largest size allowed (and a frame),
     * or an eighth of the memory limit if that is more. Twenty connections each parking frames of messages they never
     * finish used to fill the broker's memory and hold back every producer; now each holds at most its share.
     */
    long partialShare() {
        return Math.max(
                broker.config().limits().maxMessageSize() + MAX_FRAME_SIZE,
                broker.memory().limit() / 8);
    }

    /**
     * The bytes of unfinished messages all of one user's connections may hold together: a quarter of the memory limit,
     * or one connection's share if that is more. Anonymous clients count as one user.
     */
    long userPartialShare() {
        return Math.max(partialShare(), broker.memory().limit() / 4);
    }

    /**
     * Counts bytes of unfinished messages; past this connection's share, or its user's (all the user's connections
     * together), the connection is closed, saying why.
     */
    void partialBytes(long delta) {
        partialBytes += delta;
        long byUser = broker.partialBytesOf(user(), delta);
        String over = partialBytes > partialShare()
                ? "this connection holds " + partialBytes + " bytes of messages it "
                        + "has not finished sending, more than its share of " + partialShare()
                : byUser > userPartialShare()
                        ? "user '" + LogText.safe(user()) + "' holds " + byUser + " bytes of "
                                + "messages not finished sending on its connections, more than a user's share of "
                                + userPartialShare()
                        : null;
        if (delta > 0 && over != null && !ended) {
            ErrorCondition error = new ErrorCondition(
                    AmqpError.RESOURCE_LIMIT_EXCEEDED, over + ": finish (or abort) messages before starting more");
            PEER_LINES.info(
                    LOG,
                    "closing connection from {} (container {}): {}",
                    ctx.remoteAddress(),
                    LogText.safe(containerId()),
                    error.description());
            engine.fail(error); // the close goes out, the links end (their frames let go), the socket closes
        }
    }

    Engine engine() {
        return engine;
    }

    /** Who is connected: the SASL identity, or "anonymous". */
    String user() {
        String p = engine.principal();
        return p == null ? "anonymous" : p;
    }

    String containerId() {
        return engine.connection().remoteContainerId();
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        admitted = broker.connectionOpened(this);
        connection.open();
        if (!admitted) {
            String why =
                    "the broker is at its limit of " + broker.config().limits().maxConnections() + " connections";
            PEER_LINES.info(
                    LOG,
                    "refused connection from {} (container {}, user {}): {}",
                    ctx.remoteAddress(),
                    LogText.safe(connection.remoteContainerId()),
                    LogText.safe(user()),
                    why);
            connection.close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, why));
            return;
        }
        PEER_LINES.info(
                LOG,
                "connection from {} ({}, container {}, user {})",
                ctx.remoteAddress(),
                ctx.kind(),
                LogText.safe(connection.remoteContainerId()),
                LogText.safe(user()));
    }

    @Override
    public void onRemoteClose(Connection connection) {
        end();
        if (connection.localState() != EndpointState.CLOSED) {
            connection.close();
        }
    }

    @Override
    public void onFailure(Engine e, ErrorCondition error) {
        PEER_LINES.info(
                LOG,
                "connection from {} failed: {} {}",
                ctx.remoteAddress(),
                error.condition(),
                LogText.safe(error.description()));
        end();
    }

    @Override
    public void onSessionFlow(Session session) {
        for (BrokerLink l : links) {
            if (l instanceof ConsumerLink c && c.link.session() == session) {
                c.sessionFlowed();
            }
        }
    }

    @Override
    public void onRemoteBegin(Session session) {
        session.begin();
    }

    @Override
    public void onRemoteEnd(Session session) {
        for (BrokerLink l : new ArrayList<>(links)) {
            if (l.engineLink().session() == session) {
                closed(l, false);
            }
        }
        session.end();
    }

    @Override
    public void onRemoteAttach(Link link) {
        if (link.localState() != EndpointState.UNINITIALIZED) {
            return;
        }
        if (links.size() >= maxLinks()) {
            refuse(
                    link,
                    new ErrorCondition(
                            AmqpError.RESOURCE_LIMIT_EXCEEDED,
                            "this connection has " + links.size()
                                    + " links attached, its limit for "
                                    + Sizes.format(broker.memory().limit())
                                    + " of memory"));
            return;
        }
        if (!broker.memory().admits(LINK_HEAP)) {
            refuse(link, new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "the broker's memory is full"));
            return;
        }
        try {
            BrokerLink handler;
            if (link instanceof Receiver receiver) {
                handler = link.remoteTarget() instanceof Coordinator
                        ? new CoordinatorLink(this, receiver)
                        : ProducerLink.attach(this, receiver);
            } else {
                handler = ConsumerLink.attach(this, (Sender) link);
            }
            if (handler != null) {
                links.add(handler);
                broker.memory().addStructure(LINK_HEAP);
                link.context(handler);
            }
        } catch (LinkRefusedException e) {
            refuse(link, e.error());
        } catch (QueueLimitException e) {
            refuse(link, new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, e.getMessage()));
        }
    }

    /** Refuses a link: an attach with no terminus, then a detach with the error ({@code transport.xml#doc-establishing-a-link}). */
    void refuse(Link link, ErrorCondition error) {
        PEER_LINES.info(
                LOG,
                "refused link '{}' from {} (user {}): {} {}",
                LogText.safe(link.name()),
                ctx.remoteAddress(),
                LogText.safe(user()),
                error.condition(),
                LogText.safe(error.description()));
        if (link.localState() == EndpointState.UNINITIALIZED) {
            if (link instanceof Receiver) {
                link.source(link.remoteSource()).target(null);
            } else {
                link.source(null).target(link.remoteTarget());
            }
            link.attach();
        }
        link.close(error);
    }

    @Override
    public void onRemoteDetach(Link link) {
        if (link.context() instanceof BrokerLink handler) {
            closed(handler, link.remoteDetach() != null && link.remoteDetach().closed());
        }
        if (link.remoteDetach() != null && link.remoteDetach().closed()) {
            link.close();
        } else {
            link.detach();
        }
    }

    @Override
    public void onFlow(Link link) {
        if (link.context() instanceof ConsumerLink c) {
            c.onFlow();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Object handler = delivery.link().context();
        if (handler instanceof ProducerLink p) {
            p.onDelivery(delivery);
        } else if (handler instanceof CoordinatorLink c) {
            c.onDelivery(delivery);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        if (delivery.link().context() instanceof ConsumerLink c) {
            c.onOutcome(delivery);
        }
    }

    /**
     * Detaches a link the broker can no longer serve, with {@code error}: what it held is given back as when the peer
     * detaches it (a consumer's unsettled messages return to their queue), and a durable subscription it served stays.
     */
    void failLink(BrokerLink handler, ErrorCondition error) {
        Link link = handler.engineLink();
        PEER_LINES.info(
                LOG,
                "detaching link '{}' of {}: {} {}",
                LogText.safe(link.name()),
                ctx.remoteAddress(),
                error.condition(),
                LogText.safe(error.description()));
        closed(handler, false);
        link.context(null);
        link.close(error);
    }

    /** A link's handler is done (the peer detached it, or everything is ending). */
    private void closed(BrokerLink handler, boolean linkClosed) {
        if (links.remove(handler)) {
            broker.memory().addStructure(-LINK_HEAP);
        }
        handler.closed(linkClosed);
    }

    /** The connection is over: return unsettled messages, drop temporary queues, roll back transactions. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (BrokerLink l : new ArrayList<>(links)) {
            closed(l, false);
        }
        broker.connectionClosed(this);
        if (admitted) {
            PEER_LINES.info(LOG, "connection from {} closed", ctx.remoteAddress());
        }
    }

    Map<String, CoordinatorLink.Transaction> transactions() {
        return transactions;
    }

    static ErrorCondition error(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }
}
