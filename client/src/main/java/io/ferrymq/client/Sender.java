package io.ferrymq.client;

import io.ferrymq.codec.messaging.Target;
import io.ferrymq.engine.Link;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends messages to an address ({@code transport.xml#doc-links}). A send waits while the
 * server grants no credit, at most the send timeout, and returns a {@link Tracker} once the
 * message is on its way. Thread-safe.
 *
 * <p>At-least-once messages not yet settled when the connection is lost are sent again once it
 * is back (the server may so see a message twice; never none).
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class Sender extends AbstractLink {
    private final SenderOptions options;
    private final Target target;
    private final boolean presettled;
    private final Duration sendTimeout;
    /**
     * Credit the event loop has offered to sending threads and they have not yet claimed: a send
     * that claims one goes straight to the loop without waiting for an answer.
     */
    private final AtomicLong permits = new AtomicLong();

    // event loop only
    private long offered;
    private final ArrayDeque<Tracker> pending = new ArrayDeque<>();
    private final ArrayDeque<Tracker> inFlight = new ArrayDeque<>();

    Sender(Session session, String name, SenderOptions options, Target target) {
        super(session, name, target.address());
        this.options = options.copy(); // its own: the caller may change theirs
        this.target = target;
        this.presettled = options.deliveryMode() == DeliveryMode.AT_MOST_ONCE;
        this.sendTimeout = options.sendTimeout() != null
                ? options.sendTimeout()
                : driver.options().sendTimeout();
    }

    /**
     * Sends {@code message}, waiting at most the send timeout for credit.
     *
     * @throws ClientTimeoutException when no credit came in time
     */
    public Tracker send(Message<?> message) {
        return send(message, sendTimeout);
    }

    public Tracker send(Message<?> message, Duration timeout) {
        Tracker t = sendAsync(message, timeout);
        return t.claimedCredit ? t : Futures.await(t.sent, timeout, "sending to '" + address() + "'");
    }

    /**
     * Sends {@code message} without blocking; the future completes when the message is handed
     * to the connection (or fails on the send timeout).
     */
    public CompletableFuture<Tracker> sendAsync(Message<?> message) {
        return sendAsync(message, sendTimeout).sent;
    }

    private Tracker sendAsync(Message<?> message, Duration timeout) {
        checkUsable();
        Tracker t = new Tracker(this, message.encode(), presettled);
        if (permits.decrementAndGet() >= 0) {
            t.claimedCredit = true;
            driver.submit(() -> dispatch(t, null));
        } else {
            permits.incrementAndGet();
            driver.submit(() -> dispatch(t, timeout));
        }
        return t;
    }

    /** Sends {@code message} if credit is there now; returns null (sending nothing) if not. */
    public Tracker trySend(Message<?> message) {
        checkUsable();
        if (permits.decrementAndGet() < 0) {
            permits.incrementAndGet();
            return null;
        }
        Tracker t = new Tracker(this, message.encode(), presettled);
        t.claimedCredit = true;
        driver.submit(() -> dispatch(t, null));
        return t;
    }

    /** Credit the server has granted and no send has used yet (a snapshot). */
    public long credit() {
        return Math.max(0, permits.get());
    }

    // ------------------------------------------------------------------ event loop

    @Override
    Link createLink(io.ferrymq.engine.Session s) {
        return senderLink(s, name, target, options.deliveryMode());
    }

    private void dispatch(Tracker t, Duration timeout) {
        ClientException f = failure();
        if (f != null || closed) {
            t.fail(f != null ? f : new ClientException("the sender '" + name + "' is closed"));
            return;
        }
        io.ferrymq.engine.Sender s = (io.ferrymq.engine.Sender) usableLink();
        if (pending.isEmpty() && s != null && s.credit() > 0) {
            transmit(s, t);
            publishCredit(s);
            return;
        }
        pending.add(t);
        if (timeout != null) {
            t.timeout = driver.loop()
                    .schedule(
                            () -> {
                                if (pending.remove(t)) {
                                    t.fail(new ClientTimeoutException("no credit to send to '" + address() + "' within "
                                            + Futures.describe(timeout)));
                                }
                            },
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        }
    }

    private void transmit(io.ferrymq.engine.Sender s, Tracker t) {
        if (t.claimedCredit && t.attempts == 0) {
            offered--;
        }
        io.ferrymq.engine.Delivery d = s.send(null, Unpooled.wrappedBuffer(t.bytes), t.presettled);
        d.context(t);
        t.handedOver(d);
        if (!t.presettled) {
            inFlight.add(t);
        }
    }

    /** Sends what waits while there is credit, then offers the rest of the credit to sending threads. */
    private void pump() {
        io.ferrymq.engine.Sender s = (io.ferrymq.engine.Sender) usableLink();
        if (s == null) {
            return;
        }
        while (!pending.isEmpty() && s.credit() > 0) {
            transmit(s, pending.poll());
        }
        if (s.draining() && pending.isEmpty()) {
            s.drained();
        }
        publishCredit(s);
    }

    private void publishCredit(io.ferrymq.engine.Sender s) {
        long extra = s.credit() - offered;
        if (extra != 0) {
            offered += extra;
            permits.addAndGet(extra);
        }
    }

    private void revokeCredit() {
        permits.addAndGet(-offered);
        offered = 0;
    }

    @Override
    void attached(boolean again) {
        pump();
    }

    @Override
    void flow(Link l) {
        pump();
    }

    @Override
    void deliveryUpdated(io.ferrymq.engine.Delivery d) {
        if (!(d.context() instanceof Tracker t)) {
            return;
        }
        if (d.isRemotelySettled() && !d.isSettled()) {
            d.settle();
        }
        t.remoteUpdate(DeliveryState.of(d.remoteState()), d.isRemotelySettled());
        while (!inFlight.isEmpty() && !inFlight.peek().unsettled()) {
            inFlight.poll();
        }
    }

    @Override
    void lost() {
        revokeCredit();
        // At-least-once messages the server has not settled go again, ahead of those not yet sent.
        ArrayDeque<Tracker> again = new ArrayDeque<>();
        for (Tracker t : inFlight) {
            if (t.unsettled() && t.bytes != null) {
                t.delivery = null;
                again.add(t);
            }
        }
        inFlight.clear();
        again.addAll(pending);
        pending.clear();
        pending.addAll(again);
    }

    @Override
    void failed(ClientException cause) {
        revokeCredit();
        for (Tracker t : pending) {
            t.fail(cause);
        }
        pending.clear();
        for (Tracker t : inFlight) {
            if (t.unsettled()) {
                t.fail(cause);
            }
        }
        inFlight.clear();
    }
}
