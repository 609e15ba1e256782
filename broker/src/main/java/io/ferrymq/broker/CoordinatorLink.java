package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.QueueEntry;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.transactions.Declare;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.Discharge;
import io.ferrymq.codec.transactions.TransactionError;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transaction coordinator ({@code transactions.xml#section-coordination}): the client declares
 * local transactions here and discharges them. Messages sent in a transaction wait until it
 * commits; acknowledgements made in it take effect then, or the messages come back on rollback.
 */
final class CoordinatorLink implements BrokerLink {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int CREDIT = 100;

    final BrokerConnection conn;
    final Receiver link;
    private final List<Transaction> mine = new ArrayList<>();

    /** The work of one transaction, applied when it commits. */
    static final class Transaction {
        private record Ack(ConsumerLink consumer, QueueEntry entry, DeliveryState outcome) {}

        final Binary id;
        private final MemoryAccount memory;
        private final List<Router.Pending> publishes = new ArrayList<>();
        private final List<Ack> acks = new ArrayList<>();
        /** Why the transaction can only roll back (a pre-settled message in it could not be routed), or null. */
        private String failed;

        Transaction(Binary id, MemoryAccount memory) {
            this.id = id;
            this.memory = memory;
        }

        /** Keeps a message until the commit, its bytes counted in the broker's memory meanwhile. */
        void publish(Address address, byte[] bytes, MessageInfo info) {
            memory.add(MemoryAccount.heapCost(bytes.length));
            publishes.add(new Router.Pending(address, bytes, info));
        }

        /**
         * Marks the transaction as one that can only roll back: a message sent in it pre-settled could not be routed,
         * and its sender was told nothing (anonymous-terminus: the discharge fails instead).
         */
        void fail(String why) {
            if (failed == null) {
                failed = why;
            }
        }

        void acknowledge(ConsumerLink consumer, QueueEntry entry, DeliveryState outcome) {
            acks.add(new Ack(consumer, entry, outcome));
        }

        /** Applies the work; the stage completes once the messages are safely routed. */
        CompletableFuture<DeliveryState> commit(BrokerConnection conn) {
            // A discharge the coordinator cannot complete is rejected with a transaction-error
            // (transactions.xml#txn-discharge): here the whole transaction rolls back first.
            if (failed != null) {
                rollback();
                return CompletableFuture.completedFuture(Broker.rejected(
                        TransactionError.TRANSACTION_ROLLBACK, "the transaction is rolled back: " + failed));
            }
            Rejected refused = conn.broker.router().refusal(publishes, conn.containerId());
            if (refused != null) {
                rollback();
                return CompletableFuture.completedFuture(Broker.rejected(
                        TransactionError.TRANSACTION_ROLLBACK,
                        "the transaction is rolled back: " + refused.error().description()));
            }
            List<CompletableFuture<DeliveryState>> routed = new ArrayList<>();
            for (Router.Pending p : publishes) {
                routed.add(conn.broker.router().publishHeld(p.address(), p.bytes(), p.info(), conn.containerId()));
            }
            for (Ack a : acks) {
                a.consumer.apply(a.entry, a.outcome);
            }
            return CompletableFuture.allOf(routed.toArray(new CompletableFuture<?>[0]))
                    .thenApply(v -> {
                        for (CompletableFuture<DeliveryState> f : routed) {
                            DeliveryState s = f.join();
                            if (!(s instanceof Accepted)) {
                                return Broker.rejected(
                                        TransactionError.TRANSACTION_ROLLBACK,
                                        "a message of the transaction could not be stored: " + s);
                            }
                        }
                        return Accepted.INSTANCE;
                    });
        }

        /** Forgets the messages sent; gives back the ones acknowledged, as failed deliveries. */
        void rollback() {
            for (Ack a : acks) {
                a.consumer.queue.release(a.entry, a.consumer, true, false);
            }
            for (Router.Pending p : publishes) {
                memory.release(MemoryAccount.heapCost(p.bytes().length));
            }
            publishes.clear();
            acks.clear();
        }
    }

    CoordinatorLink(BrokerConnection conn, Receiver link) {
        this.conn = conn;
        this.link = link;
        link.source(link.remoteSource()).target(link.remoteTarget());
        link.attach();
        link.flow(CREDIT);
    }

    static Transaction transaction(BrokerConnection conn, Binary id) {
        return conn.transactions().get(key(id));
    }

    private static String key(Binary id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    void onDelivery(Delivery d) {
        if (d.isPartial() || d.isAborted()) {
            return;
        }
        ByteBuf payload = d.takePayload();
        byte[] bytes = ByteBufUtil.getBytes(payload);
        payload.release();
        Object body;
        try {
            MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), conn.decoder);
            if (view.bodyCode() != AmqpValue.DESCRIPTOR_CODE) {
                throw new DecodeException("a coordinator message's body is an amqp-value", 0);
            }
            AmqpValue value = (AmqpValue) conn.decoder.readObject(view.body());
            body = value.value();
        } catch (DecodeException e) {
            d.disposition(Broker.rejected(AmqpError.DECODE_ERROR, e.getMessage()), true);
            topUp();
            return;
        }
        switch (body) {
            case Declare declare -> {
                byte[] id =
                        ByteBuffer.allocate(8).putLong(IDS.incrementAndGet()).array();
                Transaction tx = new Transaction(new Binary(id), conn.broker.memory());
                conn.transactions().put(key(tx.id), tx);
                mine.add(tx);
                d.disposition(new Declared(tx.id), true);
            }
            case Discharge discharge -> {
                Transaction tx = conn.transactions().remove(key(discharge.txnId()));
                if (tx == null) {
                    refuse(
                            d,
                            TransactionError.UNKNOWN_ID,
                            "transaction " + discharge.txnId() + " is not declared on this connection");
                    return;
                }
                mine.remove(tx);
                if (discharge.fail()) {
                    tx.rollback();
                    d.disposition(Accepted.INSTANCE, true);
                } else {
                    tx.commit(conn)
                            .whenComplete((state, e) -> conn.ctx.execute(() -> {
                                if (d.isSettled() || link.localState() != EndpointState.ACTIVE) {
                                    return;
                                }
                                if (e != null) {
                                    refuse(d, TransactionError.TRANSACTION_ROLLBACK, e.toString());
                                } else if (state instanceof Rejected r && r.error() != null) {
                                    refuse(d, r.error().condition(), r.error().description());
                                } else {
                                    d.disposition(state, true);
                                }
                            }));
                }
            }
            default ->
                d.disposition(
                        Broker.rejected(
                                AmqpError.NOT_IMPLEMENTED,
                                "a coordinator takes declare and discharge, not "
                                        + (body == null
                                                ? "null"
                                                : body.getClass().getSimpleName())),
                        true);
        }
        topUp();
    }

    /**
     * A declare or discharge the coordinator cannot complete: rejected with the transaction-error when the controller's
     * source lists the rejected outcome, else the coordinator link is detached with it (transactions.xml#doc-txn-declare,
     * #doc-txn-discharge).
     */
    private void refuse(Delivery d, Symbol condition, String description) {
        if (Broker.offersRejected(link.remoteSource())) {
            d.disposition(Broker.rejected(condition, description), true);
            topUp();
        } else {
            conn.failLink(this, new ErrorCondition(condition, description));
        }
    }

    private void topUp() {
        if (link.localState() == EndpointState.ACTIVE && link.credit() < CREDIT / 2) {
            link.flow(CREDIT);
        }
    }

    /** The coordinator link went away: undecided transactions roll back. */
    @Override
    public Link engineLink() {
        return link;
    }

    @Override
    public void closed(boolean linkClosed) {
        for (Transaction tx : mine) {
            conn.transactions().remove(key(tx.id));
            tx.rollback();
        }
        mine.clear();
    }
}
