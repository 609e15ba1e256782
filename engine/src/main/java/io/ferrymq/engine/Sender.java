package io.ferrymq.engine;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.netty.buffer.ByteBuf;

/**
 * The sending end of a link. It may send while it has credit ({@link #credit()}); the peer
 * grants credit with flow frames, reported by {@link EngineHandler#onFlow}. A request to drain
 * ({@link #draining()}) is answered with {@link #drained()} once nothing more is to be sent.
 */
public final class Sender extends Link {
    private long nextTag;

    Sender(Session session, String name) {
        super(session, name);
    }

    @Override
    public Role role() {
        return Role.SENDER;
    }

    /** True when the receiver asked to drain the credit it granted and some is left. */
    public boolean draining() {
        return drain && linkCredit > 0;
    }

    /**
     * Sends a whole message: the delivery is framed as the session's window allows. Takes
     * ownership of {@code payload}.
     *
     * @param tag the delivery tag, unique among this link's unsettled deliveries; null for one
     *     made here
     * @param settled send pre-settled (at most once)
     * @throws IllegalStateException without credit, or when the link is not attached
     */
    public Delivery send(Binary tag, ByteBuf payload, boolean settled) {
        return send(tag, payload, settled, null);
    }

    /**
     * Sends a message whose first transfer carries {@code state} ({@code transport.xml#type-transfer}, state): a
     * transactional-state names the transaction the message is sent in ({@code transactions.xml#doc-txn-posting}).
     */
    public Delivery send(Binary tag, ByteBuf payload, boolean settled, DeliveryState state) {
        Delivery d;
        try {
            d = begin(tag, settled, 0);
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        d.transferState(state);
        write(d, payload, true);
        return d;
    }

    /**
     * Starts a delivery whose payload follows in pieces through {@link Delivery#write}: for
     * messages too large to hold in memory at once.
     */
    public Delivery begin(Binary tag, boolean settled, long messageFormat) {
        if (localState() != EndpointState.ACTIVE) {
            throw new IllegalStateException("sender '" + name() + "' is not attached");
        }
        if (linkCredit <= 0) {
            throw new IllegalStateException("sender '" + name() + "' has no credit");
        }
        if (tag == null) {
            tag = new Binary(longBytes(nextTag++));
        }
        SenderSettleMode mode = sndSettleMode();
        boolean presettled = mode == SenderSettleMode.SETTLED || (mode == SenderSettleMode.MIXED && settled);
        // transport.xml#doc-flow-control: sending a delivery moves delivery-count and uses credit.
        deliveryCount = SerialNumber.next(deliveryCount);
        linkCredit--;
        Delivery d = session().newOutgoingDelivery(this, tag, messageFormat, presettled);
        if (presettled) {
            d.locallySettled();
        }
        return d;
    }

    private static byte[] longBytes(long v) {
        if (v < 256) {
            return new byte[] {(byte) v};
        }
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    void write(Delivery d, ByteBuf bytes, boolean last) {
        if (d.complete()) {
            bytes.release();
            throw new IllegalStateException("delivery " + d.deliveryId() + " is already complete");
        }
        if (localState() != EndpointState.ACTIVE) {
            bytes.release();
            throw new IllegalStateException("sender '" + name() + "' is not attached");
        }
        d.queueOutgoing(bytes, last);
        session().queueForWrite(d);
    }

    void abort(Delivery d) {
        if (d.complete() && d.fullyWritten()) {
            throw new IllegalStateException("delivery " + d.deliveryId() + " was sent in full: too late to abort");
        }
        session().abort(d);
    }

    /**
     * Ends a drain: the credit left is used up without sending, and the peer is told
     * ({@code transport.xml#doc-flow-control}: delivery-count advances by the credit).
     */
    public void drained() {
        if (!drain) {
            return;
        }
        deliveryCount = SerialNumber.add(deliveryCount, linkCredit);
        linkCredit = 0;
        session().writeFlow(this, false);
    }

    /** Tells the peer how many messages are waiting to be sent (advisory), with the next flow. */
    public void available(long count) {
        this.available = count;
    }

    /** Sends a flow now, carrying {@link #available(long)} and the current state. */
    public void flow() {
        session().writeFlow(this, false);
    }

    @Override
    void remoteFlow(Flow flow) {
        // transport.xml#doc-flow-control: link-credit(snd) := delivery-count(rcv) + link-credit(rcv)
        // - delivery-count(snd); the receiver's delivery-count is absent until it saw our attach,
        // in which case our initial delivery-count stands for it.
        if (flow.linkCredit() >= 0) {
            long rcvDeliveryCount = flow.deliveryCount() >= 0 ? flow.deliveryCount() : initialDeliveryCount();
            long credit = SerialNumber.diff(SerialNumber.add(rcvDeliveryCount, flow.linkCredit()), deliveryCount);
            linkCredit = Math.max(0, credit);
        }
        drain = flow.drain();
        if (flow.echo()) {
            session().writeFlow(this, false);
        }
    }

    private long initialDeliveryCount() {
        Long initial = session().initialDeliveryCount(this);
        return initial == null ? 0 : initial;
    }
}
