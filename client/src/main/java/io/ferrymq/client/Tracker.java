package io.ferrymq.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A sent message's delivery, as the sender follows it: whether and how the server settled it.
 * With at-least-once delivery the settlement carries the server's outcome ({@link #remoteState()});
 * with at-most-once the tracker is settled as soon as the message is sent.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class Tracker {
    private final AbstractLink sender;
    private final ClientFuture<Tracker> settlement;
    final ClientFuture<Tracker> sent;
    private volatile DeliveryState remoteState;
    private volatile boolean remotelySettled;
    private volatile boolean settled;

    /** The encoded message, kept until settled so it can be sent again after a reconnect. */
    byte[] bytes;

    final boolean presettled;
    /** The send claimed credit before it was handed over (it does not wait on {@link #sent}). */
    boolean claimedCredit;
    // event loop only
    io.ferrymq.engine.Delivery delivery;
    ScheduledFuture<?> timeout;
    int attempts;

    Tracker(AbstractLink sender, byte[] bytes, boolean presettled) {
        this.sender = sender;
        this.bytes = bytes;
        this.presettled = presettled;
        this.settlement = sender.driver.newFuture();
        this.sent = sender.driver.newFuture();
    }

    /** The sender (a {@link Sender} or {@link StreamSender}) that sent the message. */
    public AbstractLink sender() {
        return sender;
    }

    /** The server's outcome (accepted, rejected, released, modified), or null while it has given none. */
    public DeliveryState remoteState() {
        return remoteState;
    }

    /** True when the server has settled the delivery. */
    public boolean remoteSettled() {
        return remotelySettled;
    }

    /** True when this end has settled the delivery (at once for at-most-once). */
    public boolean settled() {
        return settled;
    }

    /** Completes when the delivery is settled: by the server, or when sent for at-most-once. */
    public CompletableFuture<Tracker> settlementFuture() {
        return settlement;
    }

    /** Waits until the delivery is settled. */
    public Tracker awaitSettlement(Duration timeout) {
        return Futures.await(settlement, timeout, "settlement of the message");
    }

    /**
     * Waits until the delivery is settled and checks the server accepted the message.
     *
     * @throws DeliveryFailedException when it was rejected, released or modified
     */
    public Tracker awaitAccepted(Duration timeout) {
        awaitSettlement(timeout);
        DeliveryState s = remoteState;
        if (!presettled && (s == null || !s.isAccepted())) {
            throw new DeliveryFailedException(s);
        }
        return this;
    }

    /** Settles the delivery at this end now, whatever the server does with it. */
    public Tracker settle() {
        sender.driver.submit(() -> {
            if (delivery != null && !delivery.isSettled()) {
                delivery.settle();
            }
            locallySettled();
        });
        return this;
    }

    // ------------------------------------------------------------------ event loop

    void handedOver(io.ferrymq.engine.Delivery d) {
        delivery = d;
        attempts++;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        sent.complete(this);
        if (presettled) {
            bytes = null;
            locallySettled();
        }
    }

    void remoteUpdate(DeliveryState state, boolean settledThere) {
        if (state != null) {
            remoteState = state;
        }
        if (settledThere && !remotelySettled) {
            remotelySettled = true;
            bytes = null;
            locallySettled();
        }
    }

    private void locallySettled() {
        if (!settled) {
            settled = true;
            settlement.complete(this);
        }
    }

    boolean unsettled() {
        return !settled && !presettled;
    }

    void fail(ClientException cause) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        bytes = null;
        sent.completeExceptionally(cause);
        settlement.completeExceptionally(cause);
    }
}
