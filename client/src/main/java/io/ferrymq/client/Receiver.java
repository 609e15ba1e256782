package io.ferrymq.client;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.engine.Link;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives messages from an address. The receiver keeps up to its credit window of messages
 * coming ({@link ReceiverOptions#creditWindow}): it grants credit again as the application
 * takes them, so the window bounds what is buffered. Take messages with {@link #receive} or
 * have them pushed to a {@link #onMessage listener}. Thread-safe.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class Receiver extends AbstractLink {
    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    /** Put in the buffer when the receiver ends, to wake every waiting thread. */
    private static final Object END = new Object();

    private final ReceiverOptions options;
    private final Source source;
    private final int window;
    private final LinkedBlockingDeque<Object> buffer = new LinkedBlockingDeque<>();
    private final AtomicBoolean replenishQueued = new AtomicBoolean();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private volatile long creditSnapshot;
    /** The frames so far of a message arriving in several transfers (IO thread only), or null. */
    private CompositeByteBuf assembled;

    private volatile Consumer<Delivery> listener;
    private volatile boolean paused;

    // event loop only
    private ClientFuture<Receiver> drainFuture;

    Receiver(Session session, String name, ReceiverOptions options, Source source) {
        super(session, name, source.address());
        this.options = options.copy(); // its own: the caller may change theirs
        this.source = source;
        this.window = options.creditWindow();
    }

    /**
     * The next message, waiting at most {@code timeout} for one; null when none came. With
     * auto-accept on, the message is accepted as it is handed over.
     *
     * @throws ClientException when the receiver was closed by the server or the connection failed
     */
    public Delivery receive(Duration timeout) {
        checkUsable();
        resume();
        Object o;
        try {
            o = buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while receiving", e);
        }
        return took(o);
    }

    /** The next message if one is buffered now, else null. */
    public Delivery tryReceive() {
        checkUsable();
        resume();
        return took(buffer.poll());
    }

    /** Waits on the callback executor for the next message: the future holds null when none came in time. */
    public CompletableFuture<Delivery> receiveAsync(Duration timeout) {
        ClientFuture<Delivery> f = driver.newFuture();
        driver.callbacks().execute(() -> {
            try {
                f.complete(receive(timeout));
            } catch (ClientException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private Delivery took(Object o) {
        if (o == null) {
            return null;
        }
        if (o == END) {
            buffer.addFirst(END);
            ClientException f = failure();
            if (f != null) {
                throw f;
            }
            return null;
        }
        Delivery d = (Delivery) o;
        if (options.autoAccept() && !d.settled()) {
            d.accept();
        }
        replenishSoon();
        return d;
    }

    /** Messages buffered here, not yet taken. */
    public int queued() {
        int n = buffer.size();
        return buffer.peekLast() == END ? n - 1 : n;
    }

    /**
     * Hands each message to {@code listener} on the callback executor, one at a time in order,
     * instead of {@link #receive}. With auto-accept on, a message the listener did not settle is
     * accepted when it returns.
     */
    public Receiver onMessage(Consumer<Delivery> listener) {
        this.listener = listener;
        scheduleDispatch();
        return this;
    }

    private void scheduleDispatch() {
        if (listener != null && !buffer.isEmpty() && dispatching.compareAndSet(false, true)) {
            driver.callbacks().execute(this::dispatch);
        }
    }

    private void dispatch() {
        try {
            Consumer<Delivery> l;
            Object o;
            while ((l = listener) != null && (o = buffer.poll()) != null) {
                if (o == END) {
                    buffer.addFirst(END);
                    return;
                }
                Delivery d = (Delivery) o;
                try {
                    l.accept(d);
                } catch (RuntimeException e) {
                    LOG.warn("message listener of '{}' failed", name, e);
                }
                if (options.autoAccept() && !d.settled()) {
                    d.accept();
                }
                replenishSoon();
            }
        } finally {
            dispatching.set(false);
        }
        if (!buffer.isEmpty() && buffer.peek() != END) {
            scheduleDispatch();
        }
    }

    /** Grants {@code n} more credit (for a receiver with a credit window of 0, which grants none itself). */
    public Receiver addCredit(int n) {
        checkUsable();
        driver.submit(() -> {
            io.ferrymq.engine.Receiver r = (io.ferrymq.engine.Receiver) usableLink();
            if (r != null) {
                r.addCredit(n);
                creditSnapshot = r.credit();
            }
        });
        return this;
    }

    /**
     * Asks the server to send what it can for the credit outstanding now, or give the credit back
     * ({@code transport.xml#doc-flow-control}: drain). Completes when it has answered; credit is not
     * granted again until the next {@link #receive}.
     */
    public CompletableFuture<Receiver> drainAsync() {
        checkUsable();
        ClientFuture<Receiver> f = driver.newFuture();
        paused = true;
        driver.submit(() -> {
            io.ferrymq.engine.Receiver r = (io.ferrymq.engine.Receiver) usableLink();
            if (r == null || r.credit() == 0) {
                f.complete(this);
                return;
            }
            if (drainFuture != null) {
                drainFuture.whenComplete((x, e) -> f.complete(this));
                return;
            }
            drainFuture = f;
            r.drain(r.credit());
        });
        return f;
    }

    /** Drains ({@link #drainAsync()}) and waits for the server's answer. */
    public Receiver drain(Duration timeout) {
        return Futures.await(drainAsync(), timeout, "draining '" + address() + "'");
    }

    private void resume() {
        if (paused) {
            paused = false;
            replenishQueued.set(true);
            driver.submit(this::replenishTask);
        }
    }

    private void replenishSoon() {
        if (window > 0 && creditSnapshot + buffer.size() <= window / 2 && replenishQueued.compareAndSet(false, true)) {
            driver.submit(this::replenishTask);
        }
    }

    private void replenishTask() {
        replenishQueued.set(false);
        replenish();
    }

    // ------------------------------------------------------------------ event loop

    @Override
    Link createLink(io.ferrymq.engine.Session s) {
        return receiverLink(s, name, source, options.deliveryMode());
    }

    @Override
    void afterAttachSent(Link l) {
        if (window > 0 && !paused) {
            long grant = Math.max(0, window - queued());
            if (grant > 0) {
                ((io.ferrymq.engine.Receiver) l).flow(grant);
                creditSnapshot = grant;
            }
        }
    }

    private void replenish() {
        io.ferrymq.engine.Receiver r = (io.ferrymq.engine.Receiver) usableLink();
        if (r == null || window == 0 || paused || drainFuture != null) {
            return;
        }
        long credit = r.credit();
        int buffered = queued();
        if (credit + buffered <= window / 2) {
            long grant = (long) window - buffered;
            if (grant > credit) {
                r.flow(grant);
            }
        }
        creditSnapshot = r.credit();
    }

    @Override
    void attached(boolean again) {}

    @Override
    void delivery(io.ferrymq.engine.Delivery d) {
        if (d.isAborted()) {
            dropAssembled();
            return;
        }
        io.ferrymq.engine.Receiver r = (io.ferrymq.engine.Receiver) d.link();
        if (d.isPartial()) {
            // Frames are taken as they come, so that the session's incoming window (its capacity) opens again for
            // the rest: left in the engine, a message larger than the capacity closed it and never completed.
            if (assembled == null) {
                assembled = Unpooled.compositeBuffer(Integer.MAX_VALUE);
            }
            assembled.addComponent(true, d.takePayload());
        } else {
            ByteBuf p = d.takePayload();
            if (assembled != null) {
                assembled.addComponent(true, p);
                p = assembled;
                assembled = null;
            }
            byte[] bytes = new byte[p.readableBytes()];
            p.readBytes(bytes);
            p.release();
            Delivery cd = new Delivery(this, d, bytes, driver.epoch());
            d.context(cd);
            buffer.add(cd);
            scheduleDispatch();
        }
        creditSnapshot = r.credit();
        if (drainFuture != null && r.credit() == 0) {
            finishDrain();
        } else if (r.credit() + queued() <= window / 2) {
            replenish();
        }
    }

    @Override
    void flow(Link l) {
        io.ferrymq.engine.Receiver r = (io.ferrymq.engine.Receiver) l;
        creditSnapshot = r.credit();
        if (drainFuture != null && !r.draining()) {
            finishDrain();
        }
    }

    private void finishDrain() {
        ClientFuture<Receiver> f = drainFuture;
        drainFuture = null;
        f.complete(this);
    }

    private void dropAssembled() {
        if (assembled != null) {
            assembled.release();
            assembled = null;
        }
    }

    @Override
    void lost() {
        dropAssembled();
        creditSnapshot = 0;
        // Unsettled messages not yet taken cannot be settled on a new connection: the server
        // gives them out again, so they are dropped here rather than seen twice.
        buffer.removeIf(o -> o instanceof Delivery d && !d.remoteSettled() && !d.settled());
        if (drainFuture != null) {
            finishDrain();
        }
    }

    @Override
    void failed(ClientException cause) {
        dropAssembled();
        buffer.add(END);
        if (drainFuture != null) {
            ClientFuture<Receiver> f = drainFuture;
            drainFuture = null;
            f.completeExceptionally(cause);
        }
    }
}
