package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueConsumer;
import io.ferrymq.broker.queue.QueueEntry;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.DeleteOnClose;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Outcome;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transactions.TransactionError;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Sender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * A client receiving from the broker: the broker's sending end of the link, and a consumer of
 * one queue. Credit crosses threads as a counter the queue claims from ({@link #tryClaim}):
 * {@code available = link credit - entries claimed but not yet sent}, kept right by adding the
 * change in link credit at each flow. Entries cross back through a batch hand-off.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
final class ConsumerLink implements QueueConsumer, BrokerLink {
    final BrokerConnection conn;
    final Sender link;
    final Queue queue;
    private final boolean browse;
    private final boolean presettled;
    private final boolean ownsQueue;
    private final Selector selector;
    private final boolean noLocal;
    private final AtomicLong available = new AtomicLong();
    /** Bytes of messages claimed and handed to the connection's thread, not yet written to the engine. */
    private final AtomicLong handedOffBytes = new AtomicLong();
    /** A claim was refused for the socket or the hand-off: the queue is to be told when that clears. */
    private volatile boolean heldBack;
    /** Deliveries wait in the session for the peer's incoming window (set and cleared on the connection's thread). */
    private volatile boolean sessionBacklogged;

    private long expectedCredit;
    private final java.util.Queue<QueueEntry> handoff = new MpscUnboundedArrayQueue<>(1024);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Set<QueueEntry> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private long nextTag;
    private boolean closed;
    /**
     * On a dead-letter or expiry queue, for a user the permission rules do not make its reader: only the copies of
     * messages from addresses this user may receive from (a dead-letter queue holds copies from every address).
     */
    private boolean byOriginalAddress;

    private ConsumerLink(
            BrokerConnection conn,
            Sender link,
            Queue queue,
            boolean browse,
            boolean ownsQueue,
            Selector selector,
            boolean noLocal) {
        this.conn = conn;
        this.link = link;
        this.queue = queue;
        this.browse = browse;
        this.ownsQueue = ownsQueue;
        this.selector = selector;
        this.noLocal = noLocal;
        this.presettled = link.remoteSndSettleMode() == SenderSettleMode.SETTLED;
    }

    static ConsumerLink attach(BrokerConnection conn, Sender link) throws LinkRefusedException {
        Broker broker = conn.broker;
        Source source = link.remoteSource();
        if (source == null) {
            return Subscriptions.lookupForUnsubscribe(conn, link);
        }
        NodeProperties.check(source.dynamicNodeProperties());
        String selectorText = Filters.selector(source.filter());
        Selector selector;
        try {
            selector = selectorText == null ? null : Selector.parse(selectorText);
        } catch (Selector.InvalidSelectorException e) {
            throw new LinkRefusedException(
                    AmqpError.INVALID_FIELD, "invalid selector '" + selectorText + "': " + e.getMessage());
        }
        boolean noLocal = Filters.noLocal(source.filter());
        boolean browse = Source.COPY.equals(source.distributionMode());
        Queue queue;
        boolean ownsQueue = false;
        Source answer;
        if (source.dynamic()) {
            String name = broker.temporaries().newName("temp-queue-");
            queue = broker.createTemporaryQueue(name);
            broker.temporaries().created(name, conn);
            ownsQueue = true;
            answer = new Source()
                    .address(name)
                    .dynamic(true)
                    .capabilities(source.capabilities())
                    .dynamicNodeProperties(Map.of(Symbol.valueOf("lifetime-policy"), DeleteOnClose.INSTANCE));
        } else {
            String address = source.address();
            if (address == null || address.isEmpty()) {
                throw new LinkRefusedException(AmqpError.INVALID_FIELD, "a receiver's source needs an address");
            }
            String bad = Broker.badAddress(address);
            if (bad != null) {
                throw new LinkRefusedException(AmqpError.INVALID_FIELD, bad);
            }
            BrokerConnection owner = broker.temporaries().owner(address);
            if (owner != null && owner != conn) {
                // JMS 2.0 section 6.2.2: only the connection that made a temporary destination may consume from it.
                throw new LinkRefusedException(
                        AmqpError.UNAUTHORIZED_ACCESS,
                        "temporary destination '" + address
                                + "' belongs to another connection: only the connection that made it may receive from it");
            }
            if (!broker.permissions().mayReceive(conn.user(), address)) {
                throw new LinkRefusedException(
                        AmqpError.UNAUTHORIZED_ACCESS,
                        "user '" + conn.user() + "' may not receive from '" + address + "'");
            }
            Address a = conn.resolveForAttach(address, routingHint(source));
            if (a == null) {
                throw new LinkRefusedException(AmqpError.NOT_FOUND, Broker.notFound(address));
            }
            if (a.routing() == RoutingType.MULTICAST) {
                // Subscribers to a topic ask for copies (Qpid JMS says distribution-mode copy):
                // that is what a subscription gives; it is not a browser.
                browse = false;
                Subscriptions.Subscription sub = Subscriptions.subscribe(conn, link, a, source, selectorText, noLocal);
                queue = sub.queue();
                ownsQueue = sub.ownsQueue();
                selector = null;
                noLocal = false;
            } else {
                queue = broker.registry().queue(address);
                if (queue == null) {
                    throw new LinkRefusedException(AmqpError.NOT_FOUND, "queue '" + address + "' does not exist");
                }
            }
            answer = source;
        }
        ConsumerLink c = new ConsumerLink(conn, link, queue, browse, ownsQueue, selector, noLocal);
        c.byOriginalAddress = broker.permissions().any()
                && broker.holdsCopies(queue.settings().address())
                && !broker.permissions()
                        .namedReceiver(conn.user(), queue.settings().address());
        link.source(answer).target(link.remoteTarget());
        link.sndSettleMode(link.remoteSndSettleMode()).rcvSettleMode(link.remoteRcvSettleMode());
        link.attach();
        queue.addConsumer(c, selector != null || noLocal || c.byOriginalAddress);
        return c;
    }

    /** A consumer of a given queue with a given source (the answer to an unsubscribe lookup). */
    static ConsumerLink attachTo(BrokerConnection conn, Sender link, Source source, Queue queue) {
        ConsumerLink c = new ConsumerLink(conn, link, queue, false, false, null, false);
        link.source(source).target(link.remoteTarget());
        link.sndSettleMode(link.remoteSndSettleMode()).rcvSettleMode(link.remoteRcvSettleMode());
        link.attach();
        queue.addConsumer(c, false);
        return c;
    }

    static RoutingType routingHint(Source source) {
        if (Capabilities.has(source.capabilities(), Capabilities.TOPIC)
                || Capabilities.has(source.capabilities(), Capabilities.TEMPORARY_TOPIC)) {
            return RoutingType.MULTICAST;
        }
        if (Capabilities.has(source.capabilities(), Capabilities.QUEUE)
                || Capabilities.has(source.capabilities(), Capabilities.TEMPORARY_QUEUE)) {
            return RoutingType.ANYCAST;
        }
        return null;
    }

    // ------------------------------------------------------------------ on the queue's thread

    /**
     * Claims one of the link's credits for a message, unless the connection's socket is not writable: a consumer
     * that granted much credit and stopped reading had every message it could claim written into the socket's
     * outbound buffer, paged-in backlog included, and ran the broker out of heap. Nor while
     * more than {@link #HANDOFF_BYTES} of claimed messages wait for the connection's thread: the socket's buffer
     * only fills when that thread writes, and one dispatch of the queue could claim the whole credit before. It
     * claims again once the buffer drains ({@link #writable()}) or the hand-off is written ({@link #sendHandedOff}).
     */
    @Override
    public boolean tryClaim() {
        if (sessionBacklogged || !conn.ctx.isWritable() || handedOffBytes.get() >= HANDOFF_BYTES) {
            heldBack = true;
            return false;
        }
        long a;
        do {
            a = available.get();
            if (a <= 0) {
                return false;
            }
        } while (!available.compareAndSet(a, a - 1));
        return true;
    }

    @Override
    public boolean accepts(QueueEntry entry) {
        if (closed) {
            return false;
        }
        if (noLocal
                && conn.containerId() != null
                && conn.containerId().equals(entry.message().origin())) {
            return false;
        }
        if (byOriginalAddress && !mayReceiveOriginal(entry)) {
            return false;
        }
        return selector == null || selector.matches(entry, queue);
    }

    /** Whether this consumer's user may receive from the address a dead letter or expired message came from. */
    private boolean mayReceiveOriginal(QueueEntry entry) {
        Decoder decoder = SpecTypes.newDecoder();
        var view = MessageView.parse(Unpooled.wrappedBuffer(queue.bodyOf(entry)), decoder);
        var annotations = view.messageAnnotations(decoder);
        Object original = annotations == null || annotations.value() == null
                ? null
                : annotations.value().get(DeadLetters.ORIGINAL_ADDRESS);
        return original != null && conn.broker.permissions().mayReceive(conn.user(), original.toString());
    }

    @Override
    public void deliver(QueueEntry entry) {
        handedOffBytes.addAndGet(entry.message().size());
        handoff.offer(entry);
        if (scheduled.compareAndSet(false, true)) {
            conn.ctx.execute(this::sendHandedOff);
        }
    }

    /** Claimed messages waiting for the connection's thread, at most (one message may pass it). */
    private static final long HANDOFF_BYTES = 1L << 20;

    @Override
    public boolean browser() {
        return browse;
    }

    @Override
    public void queueGone() {
        conn.ctx.execute(() -> {
            if (!closed && link.localState() == EndpointState.ACTIVE) {
                conn.failLink(
                        this,
                        new ErrorCondition(
                                AmqpError.RESOURCE_DELETED,
                                "queue '" + queue.name() + "' was deleted as this link attached to it: attach again"));
            }
        });
    }

    // ------------------------------------------------------------------ on the connection's thread

    private void sendHandedOff() {
        scheduled.set(false);
        QueueEntry e;
        while ((e = handoff.poll()) != null) {
            send(e);
            handedOffBytes.addAndGet(-e.message().size());
        }
        if (heldBack) {
            // Written to the socket now, so that its writability says whether it takes more.
            conn.ctx.flush();
        }
        sessionFlowed();
    }

    /**
     * Checks whether deliveries still wait for the peer's session window, after a send, a flow or an outcome: a
     * peer whose window is shut (it reads slower than the broker sends) is handed no more messages until it opens,
     * or the session would hold the consumer's whole credit of them; with it open, the queue is told to go on.
     */
    void sessionFlowed() {
        sessionBacklogged = link.session().queuedForWrite() > 0;
        if (heldBack && !sessionBacklogged && conn.ctx.isWritable()) {
            writable();
        }
    }

    private void send(QueueEntry e) {
        if (closed || link.localState() != EndpointState.ACTIVE || link.credit() <= 0) {
            available.incrementAndGet();
            if (!browse) {
                queue.release(e, this, false, false);
            }
            return;
        }
        ByteBuf payload;
        try {
            byte[] bytes = queue.bodyOf(e);
            payload = e.deliveryCount() > 0 ? redelivered(bytes, e.deliveryCount()) : Unpooled.wrappedBuffer(bytes);
        } catch (RuntimeException ex) {
            // The body cannot be read back (journal damage): the message goes to the dead-letter address.
            queue.reject(e, "the message cannot be read from the journal: " + ex.getMessage());
            available.incrementAndGet();
            return;
        }
        long tag = nextTag++;
        boolean settled = presettled || browse;
        Delivery d = link.send(new Binary(tagBytes(tag)), payload, settled);
        expectedCredit = link.credit();
        if (browse) {
            return;
        }
        if (settled) {
            queue.acknowledge(e);
        } else {
            d.context(e);
            outstanding.add(e);
            // Sent: a message the journal holds needs no body in memory while the consumer decides (the bytes go
            // once the socket has them; a redelivery reads them back). Kept, a consumer with much credit held a
            // backlog of large messages in memory, read back from the journal for it, and the broker ran out of
            // heap (LargeMessageBacklogIT).
            long freed = e.message().pageOut();
            if (freed > 0) {
                conn.sentPagedOut(freed); // still counted until the peer has read it (BrokerConnection#unwritten)
            }
        }
    }

    private static byte[] tagBytes(long tag) {
        if (tag < 256) {
            return new byte[] {(byte) tag};
        }
        return ByteBuffer.allocate(8).putLong(tag).array();
    }

    /** The message with its header's delivery-count set: a redelivery ({@code messaging.xml#type-header}). */
    private ByteBuf redelivered(byte[] bytes, int deliveryCount) {
        MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), conn.decoder);
        Header h = view.header(conn.decoder);
        Header updated = new Header()
                .durable(h.durable())
                .priority(h.priority())
                .ttl(h.ttl())
                .firstAcquirer(false)
                .deliveryCount(deliveryCount);
        return view.withHeader(UnpooledByteBufAllocator.DEFAULT, updated);
    }

    /** The connection's socket takes output again: the queue may hand this consumer messages again. */
    void writable() {
        heldBack = false;
        if (available.get() > 0) {
            queue.creditAvailable();
        }
    }

    void onFlow() {
        long credit = link.credit();
        long delta = credit - expectedCredit;
        expectedCredit = credit;
        if (delta != 0 && available.addAndGet(delta) > 0) {
            queue.creditAvailable();
        }
        if (link.draining()) {
            queue.dispatchThen(() -> conn.ctx.execute(this::finishDrain));
        }
    }

    private void finishDrain() {
        sendHandedOff();
        if (link.localState() == EndpointState.ACTIVE && link.draining()) {
            link.drained();
            long delta = link.credit() - expectedCredit;
            expectedCredit = link.credit();
            available.addAndGet(delta);
        }
    }

    /** The client's verdict on a delivery. */
    void onOutcome(Delivery d) {
        if (!(d.context() instanceof QueueEntry e)) {
            return;
        }
        sessionFlowed();
        DeliveryState state = d.remoteState();
        if (state instanceof TransactionalState ts) {
            CoordinatorLink.Transaction tx = CoordinatorLink.transaction(conn, ts.txnId());
            if (tx != null) {
                outstanding.remove(e);
                tx.acknowledge(this, e, ts.outcome() == null ? Accepted.INSTANCE : ts.outcome());
                if (!d.isSettled()) {
                    d.disposition(state, true);
                }
                return;
            }
            // transactions.xml#doc-txn-retirement: the outcome belongs to a transaction this connection never declared
            // (or that has ended), so it is not applied outside it: the link is detached with
            // amqp:transaction:unknown-id and the message goes back to its queue.
            conn.failLink(
                    this,
                    new ErrorCondition(
                            TransactionError.UNKNOWN_ID,
                            "transaction " + ts.txnId()
                                    + " is not declared on this connection: the outcome was not applied and the message stays on "
                                    + "the queue"));
            return;
        }
        if (state == null && !d.isRemotelySettled()) {
            return;
        }
        if (state == null) {
            Outcome dflt = link.remoteSource() != null ? link.remoteSource().defaultOutcome() : null;
            state = dflt != null ? dflt : new Modified(true, false);
        }
        outstanding.remove(e);
        apply(e, state);
        if (!d.isSettled()) {
            d.disposition(state, true);
        }
    }

    /** What an outcome means for the message ({@code messaging.xml#section-delivery-state}). */
    void apply(QueueEntry e, DeliveryState state) {
        switch (state) {
            case Accepted a -> queue.acknowledge(e);
            case Released r -> queue.release(e, this, false, false);
            case Modified m -> queue.release(e, this, m.deliveryFailed(), m.undeliverableHere());
            case Rejected r ->
                queue.reject(
                        e,
                        r.error() != null && r.error().description() != null
                                ? "rejected: " + r.error().description()
                                : "rejected by the consumer");
            default -> queue.release(e, this, true, false);
        }
    }

    /** The link is gone (detached, closed, or the connection ended). */
    @Override
    public Link engineLink() {
        return link;
    }

    @Override
    public void closed(boolean linkClosed) {
        if (closed) {
            return;
        }
        closed = true;
        List<QueueEntry> unsettled = new ArrayList<>(outstanding);
        outstanding.clear();
        QueueEntry e;
        while ((e = handoff.poll()) != null) {
            if (!browse) {
                queue.release(e, this, false, false);
            }
        }
        queue.removeConsumer(this, unsettled, true);
        if (ownsQueue) {
            queue.deleteQueue();
            if (TemporaryDestinations.isTemporaryName(queue.name())) {
                conn.broker.temporaries().deleted(queue.name());
            }
        } else {
            Subscriptions.consumerClosed(conn, this, linkClosed);
        }
    }
}
