package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.DeleteOnClose;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transactions.TransactionError;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client sending to the broker: the broker's receiving end of the link. It routes each message
 * to its address (the link's target, or the message's {@code to} on an anonymous relay link),
 * settles it once it is safe (on disk if durable), and grants credit only while there is room.
 */
final class ProducerLink implements BrokerLink {
    final BrokerConnection conn;
    final Receiver link;
    private final Address fixed;
    private final Queue temporary;
    /** The temporary queue or topic this link made (gone with it), or null. */
    private String temporaryName;

    private final int window;
    /** Bytes of messages this producer may have in flight: {@link #WINDOW_BYTES}, less for a small memory limit. */
    private final long windowBytes;
    /**
     * Sizes of this producer's messages, averaged (exponentially, over about the last eight); until its first
     * message, {@link #ASSUMED_SIZE}.
     */
    private long averageSize;

    private boolean waiting;
    /** The frames so far of a message arriving in several transfers, or null. */
    private CompositeByteBuf assembled;

    private long assembledBytes;
    /** Wakes this producer when memory is freed: one object, so it is registered once however often it waits. */
    private final Runnable wake = this::wakeUp;

    private ProducerLink(BrokerConnection conn, Receiver link, Address fixed, Queue temporary) {
        this.conn = conn;
        this.link = link;
        this.fixed = fixed;
        this.temporary = temporary;
        if (fixed != null) {
            fixed.producerAttached();
        }
        this.window = conn.broker.config().limits().producerCredit();
        this.windowBytes = Math.min(
                WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, conn.broker.memory().limit() / 64));
    }

    static ProducerLink attach(BrokerConnection conn, Receiver link) throws LinkRefusedException {
        Broker broker = conn.broker;
        if (!(link.remoteTarget() instanceof Target target)) {
            throw new LinkRefusedException(AmqpError.INVALID_FIELD, "a sender's link needs a target");
        }
        Address fixed = null;
        Queue temporary = null;
        Target answer = target;
        NodeProperties.check(target.dynamicNodeProperties());
        if (target.dynamic()) {
            // A temporary queue (JMS createTemporaryQueue): named here, gone with the link.
            boolean topic = Capabilities.has(target.capabilities(), Capabilities.TEMPORARY_TOPIC);
            String name = broker.temporaries().newName(topic ? "temp-topic-" : "temp-queue-");
            if (topic) {
                fixed = broker.registry()
                        .define(name, RoutingType.MULTICAST, broker.registry().policy(name));
            } else {
                temporary = broker.createTemporaryQueue(name);
                fixed = broker.registry().address(name);
            }
            broker.temporaries().created(name, conn);
            answer = new Target()
                    .address(name)
                    .dynamic(true)
                    .capabilities(target.capabilities())
                    .dynamicNodeProperties(Map.of(Symbol.valueOf("lifetime-policy"), DeleteOnClose.INSTANCE));
        } else if (target.address() != null) {
            String address = target.address();
            String bad = Broker.badAddress(address);
            if (bad != null) {
                throw new LinkRefusedException(AmqpError.INVALID_FIELD, bad);
            }
            if (!broker.permissions().maySend(conn.user(), address)) {
                throw new LinkRefusedException(
                        AmqpError.UNAUTHORIZED_ACCESS, "user '" + conn.user() + "' may not send to '" + address + "'");
            }
            fixed = conn.resolveForAttach(address, routingHint(target));
            if (fixed == null) {
                throw new LinkRefusedException(AmqpError.NOT_FOUND, Broker.notFound(address));
            }
        } else if (!conn.engine.connection().remoteDesires(Capabilities.ANONYMOUS_RELAY)
                && link.remoteTarget() == null) {
            throw new LinkRefusedException(AmqpError.INVALID_FIELD, "a sender's link needs a target");
        }
        ProducerLink p = new ProducerLink(conn, link, fixed, temporary);
        p.temporaryName = target.dynamic() ? answer.address() : null;
        link.source(link.remoteSource()).target(answer);
        link.sndSettleMode(link.remoteSndSettleMode()).rcvSettleMode(link.remoteRcvSettleMode());
        link.maxMessageSize(UnsignedLong.valueOf(broker.config().limits().maxMessageSize()));
        link.attach();
        p.grant();
        return p;
    }

    static RoutingType routingHint(Target target) {
        if (Capabilities.has(target.capabilities(), Capabilities.TOPIC)
                || Capabilities.has(target.capabilities(), Capabilities.TEMPORARY_TOPIC)) {
            return RoutingType.MULTICAST;
        }
        if (Capabilities.has(target.capabilities(), Capabilities.QUEUE)
                || Capabilities.has(target.capabilities(), Capabilities.TEMPORARY_QUEUE)) {
            return RoutingType.ANYCAST;
        }
        return null;
    }

    void onDelivery(Delivery d) {
        // Before the payload is taken: taking it may open the session's window again, at the capacity set here.
        long size = Math.max(averageSize, assembledBytes);
        conn.fitIncomingWindow(link.session(), d.isPartial(), size == 0 ? 0 : MemoryAccount.heapCost(size));
        if (d.isAborted()) {
            dropAssembled();
            grant();
            return;
        }
        if (d.isPartial()) {
            assemble(d.takePayload());
            fitCreditToSize();
            return;
        }
        ByteBuf payload = d.takePayload();
        byte[] bytes;
        if (assembled != null) {
            assemble(payload);
            if (assembled == null) {
                return; // the connection went over its share of unfinished messages and was closed
            }
            bytes = ByteBufUtil.getBytes(assembled);
            dropAssembled();
        } else {
            bytes = ByteBufUtil.getBytes(payload);
            payload.release();
        }
        averageSize = averageSize == 0 ? bytes.length : averageSize + (bytes.length - averageSize) / 8;
        fitCreditToSize();
        if (d.remoteState() instanceof TransactionalState ts) {
            CoordinatorLink.Transaction tx = CoordinatorLink.transaction(conn, ts.txnId());
            if (tx == null) {
                settle(
                        d,
                        Broker.rejected(
                                TransactionError.UNKNOWN_ID,
                                "transaction " + ts.txnId() + " is not declared on this connection"));
                return;
            }
            DeliveryState outcome = route(bytes, tx);
            if (outcome instanceof Rejected r) {
                if (d.isRemotelySettled()) {
                    // Pre-settled: the sender hears nothing of this message, so the transaction cannot commit.
                    tx.fail(r.error() != null ? r.error().description() : "a message could not be routed");
                } else if (fixed == null) {
                    if (!refuseUnroutable(d, r, ts)) {
                        return;
                    }
                } else {
                    // transactions.xml#doc-txn-posting: the outcome in a transaction travels in a transactional-state.
                    settle(d, new TransactionalState(ts.txnId(), r));
                }
            } else {
                settle(d, new TransactionalState(ts.txnId(), Accepted.INSTANCE));
            }
            grant();
            return;
        }
        try {
            MessageInfo info = MessageInfo.read(bytes, conn.decoder, System.currentTimeMillis());
            onlyDurable &= info.durable();
            Address address = addressFor(info);
            if (address == null) {
                return;
            }
            CompletableFuture<DeliveryState> outcome =
                    conn.broker.router().publish(address, bytes, info, conn.containerId());
            if (d.isSettled()) {
                // pre-settled: the producer waits for nothing
            } else if (outcome.isDone()) {
                settle(d, outcome.getNow(null));
            } else {
                outcome.whenComplete((state, e) -> conn.ctx.execute(() -> settle(d, state)));
            }
        } catch (DecodeException e) {
            settle(
                    d,
                    Broker.rejected(
                            AmqpError.DECODE_ERROR, "the message is not a valid AMQP message: " + e.getMessage()));
        } catch (QueueLimitException e) {
            settle(d, Broker.rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED, e.getMessage()));
        } catch (Rejection r) {
            if (fixed == null && r.outcome instanceof Rejected rejected) {
                if (!refuseUnroutable(d, rejected, null)) {
                    return;
                }
            } else {
                settle(d, r.outcome);
            }
        }
        grant();
    }

    /**
     * A message on an anonymous relay link that cannot be routed (its address does not exist, may not be created, or
     * may not be used): rejected, its error's info naming the delivery-tag, where the sender can hear it (unsettled,
     * and its source lists the rejected outcome); otherwise the link is detached with the error rather than the message
     * vanishing (the OASIS anonymous-terminus extension; messaging.xml#type-source, outcomes). In a transaction the
     * rejection travels in a transactional-state. Returns false when the link was detached.
     */
    private boolean refuseUnroutable(Delivery d, Rejected rejected, TransactionalState ts) {
        var error = rejected.error();
        Map<Symbol, Object> info = new LinkedHashMap<>();
        if (error.info() != null) {
            info.putAll(error.info());
        }
        info.put(DELIVERY_TAG, d.tag());
        var withTag = new ErrorCondition(error.condition(), error.description(), info);
        if (d.isRemotelySettled() || !Broker.offersRejected(link.remoteSource())) {
            conn.failLink(this, withTag);
            return false;
        }
        var outcome = new Rejected(withTag);
        settle(d, ts != null ? new TransactionalState(ts.txnId(), outcome) : outcome);
        return true;
    }

    /** The key of an anonymous-terminus error's info that names the delivery it is about. */
    static final Symbol DELIVERY_TAG = Symbol.valueOf("delivery-tag");

    /** A message sent in a transaction: checked now, routed when the transaction commits. */
    private DeliveryState route(byte[] bytes, CoordinatorLink.Transaction tx) {
        try {
            MessageInfo info = MessageInfo.read(bytes, conn.decoder, System.currentTimeMillis());
            onlyDurable &= info.durable();
            Address address = addressFor(info);
            if (address == null) {
                return Broker.rejected(AmqpError.NOT_FOUND, "no address");
            }
            if (!conn.broker.memory().admits(bytes.length)) {
                return conn.broker.router().memoryFull(bytes.length);
            }
            tx.publish(address, bytes, info);
            return null;
        } catch (DecodeException e) {
            return Broker.rejected(
                    AmqpError.DECODE_ERROR, "the message is not a valid AMQP message: " + e.getMessage());
        } catch (QueueLimitException e) {
            return Broker.rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED, e.getMessage());
        } catch (Rejection r) {
            return r.outcome;
        }
    }

    /** Why a message cannot be routed, as the outcome to tell the producer. */
    private static final class Rejection extends RuntimeException {
        final DeliveryState outcome;

        Rejection(DeliveryState outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private Address addressFor(MessageInfo info) {
        if (fixed != null) {
            return fixed;
        }
        String to = info.to();
        if (to == null || to.isEmpty()) {
            throw new Rejection(Broker.rejected(
                    AmqpError.INVALID_FIELD, "a message on an anonymous link needs a 'to' address in its properties"));
        }
        String bad = Broker.badAddress(to);
        if (bad != null) {
            throw new Rejection(Broker.rejected(AmqpError.INVALID_FIELD, bad));
        }
        if (!conn.broker.permissions().maySend(conn.user(), to)) {
            throw new Rejection(Broker.rejected(
                    AmqpError.UNAUTHORIZED_ACCESS, "user '" + conn.user() + "' may not send to '" + to + "'"));
        }
        Address a;
        try {
            a = conn.resolveForAttach(to, null); // a message that makes a queue counts as an attach that does
        } catch (LinkRefusedException e) {
            throw new Rejection(Broker.rejected(e.error().condition(), e.error().description()));
        } catch (QueueLimitException e) {
            throw new Rejection(Broker.rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED, e.getMessage()));
        }
        if (a == null) {
            throw new Rejection(Broker.rejected(AmqpError.NOT_FOUND, Broker.notFound(to)));
        }
        return a;
    }

    private void settle(Delivery d, DeliveryState state) {
        if (!d.isSettled()) {
            d.disposition(state, true);
        }
    }

    /**
     * Credit to keep open: {@code producer-credit} messages, but no more than {@link #windowBytes} of them at this
     * producer's message size, so that producers of large durable messages cannot have more in flight than the
     * journal takes pending (1,000 messages of 64 KiB are 64 MiB, its default limit), nor a few producers of large
     * messages more than memory holds (three producers of 1 MiB messages on 1,000 credits each ran a broker with a
     * 128 MiB limit out of heap).
     *
     * <p>Before the first message its size is unknown: the first grant is the whole {@code producer-credit} while
     * memory is below its low mark (a simple sender that sends what its first credit allows and then waits gets all
     * of it), and {@link #windowBytes} of {@link #ASSUMED_SIZE} messages above it. The first frame of a large message
     * then lowers the credit to what its size allows ({@link #fitCreditToSize()}).
     */
    private int window() {
        long size = Math.max(averageSize, assembledBytes);
        if (size == 0) {
            return conn.broker.memory().pressure()
                    ? (int) Math.max(1, Math.min(window, windowBytes / ASSUMED_SIZE))
                    : window;
        }
        return (int) Math.max(1, Math.min(window, windowBytes / MemoryAccount.heapCost(size)));
    }

    /**
     * Lowers the credit left to the window this producer's message size allows, once a message (or the first frame of
     * one sent in several) shows it to be larger than the grant assumed. Messages the producer sent on the larger grant
     * before it hears of the lower one are taken normally ({@code transport.xml#doc-flow-control}); the session window
     * bounds their bytes.
     */
    private void fitCreditToSize() {
        if (link.localState() != EndpointState.ACTIVE) {
            return;
        }
        int window = window();
        if (link.credit() > window) {
            link.reduceCredit(window);
        }
    }

    /** Bytes of messages one producer may have in flight, at its average message size. */
    private static final long WINDOW_BYTES = 8L << 20;

    /** The least {@link #windowBytes}, however small the memory limit. */
    private static final long MIN_WINDOW_BYTES = 64L << 10;

    /**
     * The message size a producer's first credit is granted for when memory is above its low mark: 32 messages at the
     * default window, 8 for a broker with a 128 MiB limit.
     */
    private static final long ASSUMED_SIZE = 256L << 10;

    /** Tops up credit unless the broker, its journal or the link's queue is out of room. */
    void grant() {
        if (link.localState() != EndpointState.ACTIVE) {
            return;
        }
        int window = window();
        var memory = conn.broker.memory();
        if (memory.full()) {
            // A producer that may go on at the memory limit (memoryRoom) gets what half the room left below the hard
            // limit holds, at least one message: its bodies are paged out as they are stored, making room again.
            long room = Math.max(0, memory.hardLimit() - memory.used()) / 2;
            window = (int) Math.max(1, Math.min(window, room / MemoryAccount.heapCost(Math.max(averageSize, 1))));
        }
        if (link.credit() * 2L > window || link.credit() >= window) {
            // More than half the window is left. (A window of one message is topped up once its credit is used:
            // "credit >= window / 2" held for any credit then, and such a producer, once held back, never got
            // credit again.)
            return;
        }
        if (!roomFor()) {
            if (!waiting) {
                waiting = true;
                // Only memory has a wake-up; a full queue is looked at again by the timer. (Asking for
                // a wake-up while memory is fine runs it at once, here, and with the queue still full
                // that recursed until the stack overflowed, and Netty closed the connection.)
                if (conn.broker.memory().full()) {
                    conn.broker.memory().whenBelowLowMark(wake);
                }
                ((EventExecutor) conn.broker.anyWorker())
                        .schedule(() -> conn.ctx.execute(this::retry), 100, TimeUnit.MILLISECONDS);
            }
            return;
        }
        link.flow(window);
    }

    private void wakeUp() {
        conn.ctx.execute(this::retry);
    }

    private void retry() {
        waiting = false;
        grant();
    }

    /** Whether every message this producer has sent was durable (true until one was not). */
    private boolean onlyDurable = true;

    /**
     * Whether the memory has room for this producer's next window. Full memory holds producers back, except one that
     * has sent only durable messages to an address whose queues are all durable: what it sends the journal holds, and
     * its bodies leave memory as they are stored (paging), so it goes on, a message at a time, while one more fits
     * below the hard limit. A backlog of
     * non-durable messages nobody reads (which cannot be paged) filled memory and held back every producer, durable
     * ones to other queues included (PagingProducersTest).
     */
    private boolean memoryRoom() {
        var memory = conn.broker.memory();
        if (!memory.full()) {
            return true;
        }
        if (!onlyDurable || fixed == null || fixed.queues().isEmpty()) {
            return false;
        }
        for (Queue q : fixed.queues()) {
            if (!q.settings().durable()) {
                return false;
            }
        }
        return memory.admits(Math.max(averageSize, 1));
    }

    private boolean roomFor() {
        if (!memoryRoom() || conn.broker.store().busy()) {
            return false;
        }
        if (fixed != null) {
            for (Queue q : fixed.queues()) {
                if (q.full(0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Keeps a frame of a message sent in several transfers. Its frames are taken as they come, so that the session's
     * incoming window (its capacity, 16 MiB, is less than the largest message allowed) opens again for the rest: left
     * in the engine until the last one came, the frames of a 20 MiB message closed the window and the message never
     * completed. What is kept counts in the broker's memory.
     */
    private void assemble(ByteBuf frame) {
        if (!frame.isReadable()) {
            frame.release();
            return;
        }
        if (assembled == null) {
            assembled = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        assembledBytes += frame.readableBytes();
        conn.broker.memory().add(frame.readableBytes());
        assembled.addComponent(true, frame);
        conn.partialBytes(frame.readableBytes());
    }

    private void dropAssembled() {
        if (assembled != null) {
            conn.partialBytes(-assembledBytes);
            assembled.release();
            assembled = null;
            conn.broker.memory().release(assembledBytes);
            assembledBytes = 0;
        }
    }

    @Override
    public Link engineLink() {
        return link;
    }

    @Override
    public void closed(boolean linkClosed) {
        dropAssembled();
        if (fixed != null) {
            fixed.producerDetached();
        }
        if (temporary != null) {
            temporary.deleteQueue();
        }
        if (temporaryName != null) {
            conn.broker.temporaries().deleted(temporaryName);
        }
    }
}
