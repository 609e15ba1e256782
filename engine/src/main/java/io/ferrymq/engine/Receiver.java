package io.ferrymq.engine;

import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.LinkError;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;

/**
 * The receiving end of a link. It grants credit with {@link #flow(long)}; each delivery that
 * arrives uses one. Deliveries are reported by {@link EngineHandler#onDelivery}, frame by frame
 * for large messages.
 */
public final class Receiver extends Link {
    private Delivery current;
    /**
     * The highest delivery-limit (delivery-count + link-credit) this end has told the sender. A flow that lowers
     * the credit does not reach the sender at once; transfers it sent on the older, larger grant are handled
     * normally up to this limit ({@code transport.xml#doc-flow-control}: "If the link-credit is reduced by the
     * Receiver when transfers are in-flight, the Receiver MAY either handle the excess messages normally or detach
     * the Link with a transfer-limit-exceeded error code").
     */
    private long grantedLimit;

    private boolean granted;

    Receiver(Session session, String name) {
        super(session, name);
    }

    @Override
    public Role role() {
        return Role.RECEIVER;
    }

    /** Grants credit for {@code credit} more deliveries in all (not in addition) and tells the sender. */
    public void flow(long credit) {
        if (credit < 0 || credit > SerialNumber.MASK) {
            throw new IllegalArgumentException("credit is a uint, not " + credit);
        }
        linkCredit = credit;
        drain = false;
        noteGrant();
        session().writeFlow(this, false);
    }

    /**
     * Lowers (or raises) the credit to {@code credit} like {@link #flow(long)}. When it lowers it, transfers the
     * sender had already sent on the larger grant may still arrive: they are taken normally, each using no credit.
     */
    public void reduceCredit(long credit) {
        flow(Math.min(credit, linkCredit));
    }

    private void noteGrant() {
        long limit = SerialNumber.add(deliveryCount, linkCredit);
        if (!granted || SerialNumber.diff(limit, grantedLimit) > 0) {
            grantedLimit = limit;
            granted = true;
        }
    }

    /** True when a transfer without credit was sent on credit this end granted before it lowered it. */
    private boolean inFlightOnEarlierGrant() {
        return granted && SerialNumber.diff(grantedLimit, deliveryCount) > 0;
    }

    /** Adds credit for {@code n} more deliveries. */
    public void addCredit(long n) {
        flow(Math.min(SerialNumber.MASK, linkCredit + n));
    }

    /**
     * Grants {@code credit} and asks the sender to use it up now or give it back
     * ({@code transport.xml#doc-flow-control}: drain). The sender's answering flow arrives as
     * {@link EngineHandler#onFlow} with {@link #credit()} at zero.
     */
    public void drain(long credit) {
        linkCredit = credit;
        drain = true;
        noteGrant();
        session().writeFlow(this, false);
    }

    /** True while a drain asked for is not yet answered. */
    public boolean draining() {
        return drain && linkCredit > 0;
    }

    /** Deliveries the sender said are waiting (advisory). */
    public long available() {
        return available;
    }

    @Override
    void remoteFlow(Flow flow) {
        // The sender's view: its delivery-count may have moved on (a drain used up the credit).
        if (flow.deliveryCount() >= 0) {
            long limit = SerialNumber.add(deliveryCount, linkCredit);
            deliveryCount = flow.deliveryCount();
            linkCredit = Math.max(0, SerialNumber.diff(limit, deliveryCount));
        }
        if (flow.available() >= 0) {
            available = flow.available();
        }
        if (flow.echo()) {
            session().writeFlow(this, false);
        }
    }

    /** A transfer frame for this link; returns the delivery it belongs to. */
    Delivery transfer(Transfer t, ByteBuf payload) {
        Delivery d = current;
        if (d == null) {
            if (t.deliveryId() < 0 || t.deliveryTag() == null) {
                throw ProtocolException.link(
                        this,
                        AmqpError.INVALID_FIELD,
                        "the first transfer of a delivery must carry its delivery-id and delivery-tag");
            }
            if (linkCredit <= 0 && !inFlightOnEarlierGrant()) {
                throw ProtocolException.link(
                        this, LinkError.TRANSFER_LIMIT_EXCEEDED, "transfer on link '" + name() + "' without credit");
            }
            deliveryCount = SerialNumber.next(deliveryCount);
            linkCredit = Math.max(0, linkCredit - 1);
            d = session().newIncomingDelivery(this, t);
            current = d;
        } else if (t.deliveryId() >= 0 && t.deliveryId() != d.deliveryId()) {
            throw ProtocolException.link(
                    this,
                    AmqpError.INVALID_FIELD,
                    "transfer for delivery " + t.deliveryId() + " while delivery " + d.deliveryId() + " is incomplete");
        } else if (t.messageFormat() >= 0 && t.messageFormat() != d.messageFormat()) {
            // transport.xml#type-transfer: message-format is the first transfer's; a continuation may omit it, not
            // change it.
            throw ProtocolException.link(
                    this,
                    AmqpError.INVALID_FIELD,
                    "a continuation transfer of delivery " + d.deliveryId() + " has message-format " + t.messageFormat()
                            + ", its first transfer " + d.messageFormat());
        }
        if (t.rcvSettleMode() == ReceiverSettleMode.SECOND
                && rcvSettleMode() != ReceiverSettleMode.SECOND
                && !Boolean.TRUE.equals(t.settled())) {
            // transport.xml#type-transfer: "If the negotiated link value is first, then it is illegal to set this
            // field to second" (and the field is ignored on a transfer sent settled).
            throw ProtocolException.link(
                    this,
                    AmqpError.INVALID_FIELD,
                    "a transfer asks rcv-settle-mode second on link '" + name()
                            + "', whose negotiated rcv-settle-mode is first");
        }
        if (t.state() != null) {
            d.remoteState(t.state());
        }
        if (Boolean.TRUE.equals(t.settled())) {
            d.remotelySettled();
        }
        if (t.aborted()) {
            current = null;
            d.aborted();
            session().forget(d);
            return d;
        }
        d.append(payload);
        UnsignedLong max = maxMessageSize();
        if (max != null && Long.compareUnsigned(d.payloadBytesTotal(), max.longBits()) > 0) {
            throw ProtocolException.link(
                    this,
                    LinkError.MESSAGE_SIZE_EXCEEDED,
                    "message of more than " + max + " bytes on link '" + name() + "'");
        }
        d.partial(t.more());
        if (!t.more()) {
            current = null;
        }
        return d;
    }

    @Override
    void localClosed() {
        if (current != null) {
            current.releasePayload();
            current = null;
        }
    }
}
