package io.ferrymq.client;

import io.ferrymq.codec.messaging.Target;
import io.ferrymq.engine.Link;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends messages whose body is written as a stream, for messages larger than memory: each
 * chunk written goes out as a data section while the rest is still being written, and a write
 * waits while more than {@link SenderOptions#maxBufferedBytes} are waiting to go out (the
 * server's window closed, or the socket is full). One message at a time. Thread-safe.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class StreamSender extends AbstractLink {
    private final SenderOptions options;
    private final Target target;
    private final boolean presettled;
    private final Duration sendTimeout;
    final Object progressLock = new Object();

    // event loop only
    private final ArrayDeque<Begin> waiting = new ArrayDeque<>();
    private StreamSenderMessage current;
    private boolean polling;

    StreamSender(Session session, String name, SenderOptions options, Target target) {
        super(session, name, target.address());
        this.options = options.copy(); // its own: the caller may change theirs
        this.target = target;
        this.presettled = options.deliveryMode() == DeliveryMode.AT_MOST_ONCE;
        this.sendTimeout = options.sendTimeout() != null
                ? options.sendTimeout()
                : driver.options().sendTimeout();
    }

    SenderOptions options() {
        return options;
    }

    Duration sendTimeout() {
        return sendTimeout;
    }

    /** Starts a message with no header or properties, waiting at most the send timeout for credit. */
    public StreamSenderMessage beginMessage() {
        return beginMessage(Message.create());
    }

    /**
     * Starts a message whose header, annotations and properties are {@code envelope}'s (its body
     * is ignored: the body is what {@link StreamSenderMessage#body()} is given).
     */
    public StreamSenderMessage beginMessage(Message<?> envelope) {
        return Futures.await(beginMessageAsync(envelope), sendTimeout, "starting a message to '" + address() + "'");
    }

    public CompletableFuture<StreamSenderMessage> beginMessageAsync(Message<?> envelope) {
        checkUsable();
        Message<?> copy = Message.decode(envelope.encode());
        copy.body(null);
        Begin b = new Begin(copy.encode(), driver.newFuture());
        driver.submit(() -> {
            waiting.add(b);
            b.timeout = driver.loop()
                    .schedule(
                            () -> {
                                if (waiting.remove(b)) {
                                    b.future.completeExceptionally(new ClientTimeoutException("no credit to send to '"
                                            + address() + "' within " + Futures.describe(sendTimeout)));
                                }
                            },
                            sendTimeout.toNanos(),
                            TimeUnit.NANOSECONDS);
            beginWaiting();
        });
        return b.future;
    }

    /** A message waiting for credit, or for the message before it to end. */
    private static final class Begin {
        final byte[] prefix;
        final ClientFuture<StreamSenderMessage> future;
        ScheduledFuture<?> timeout;

        Begin(byte[] prefix, ClientFuture<StreamSenderMessage> future) {
            this.prefix = prefix;
            this.future = future;
        }
    }

    private void beginWaiting() {
        io.ferrymq.engine.Sender s = (io.ferrymq.engine.Sender) usableLink();
        if (current != null || s == null || s.credit() <= 0 || waiting.isEmpty()) {
            return;
        }
        Begin b = waiting.poll();
        b.timeout.cancel(false);
        io.ferrymq.engine.Delivery d = s.begin(null, presettled, 0);
        Tracker t = new Tracker(this, null, presettled);
        d.context(t);
        current = new StreamSenderMessage(this, d, t, b.prefix);
        t.handedOver(d);
        b.future.complete(current);
    }

    // ------------------------------------------------------------------ event loop, for the message

    /** Queues a chunk of the current message for framing; called on the event loop. */
    void write(StreamSenderMessage m, ByteBuf chunk, boolean last) {
        if (m != current || m.delivery.isAborted()) {
            chunk.release();
            m.failed(failure() != null ? failure() : new ClientIOException("the connection was lost mid-message"));
            return;
        }
        m.delivery.write(chunk, last);
        if (last) {
            current = null;
            lastWritten = m;
            beginWaiting();
        }
        watchProgress();
    }

    void abort(StreamSenderMessage m) {
        if (m == current) {
            current = null;
            if (usableLink() != null) {
                m.delivery.abort();
            }
            beginWaiting();
        }
        m.released(m.queuedOnLoop);
    }

    /** After the batch's flush: how much of the message has gone out; wake a blocked writer. */
    private void watchProgress() {
        if (!polling) {
            polling = true;
            driver.loop().execute(this::progress);
        }
    }

    private void progress() {
        polling = false;
        StreamSenderMessage m = current != null ? current : lastWritten;
        if (m == null || m.failure != null) {
            return;
        }
        long unframed = m.delivery.payload().readableBytes();
        boolean writable = driver.writable();
        if (writable) {
            m.released(m.queuedOnLoop - unframed);
        }
        if ((unframed > 0 || !writable) && driver.isOpen()) {
            // The server's window is shut or the socket is full: look again shortly.
            polling = true;
            driver.loop().schedule(this::progress, 1, TimeUnit.MILLISECONDS);
        }
    }

    private StreamSenderMessage lastWritten;

    // ------------------------------------------------------------------ link hooks

    @Override
    Link createLink(io.ferrymq.engine.Session s) {
        return senderLink(s, name, target, options.deliveryMode());
    }

    @Override
    void attached(boolean again) {
        beginWaiting();
    }

    @Override
    void flow(Link l) {
        io.ferrymq.engine.Sender s = (io.ferrymq.engine.Sender) l;
        beginWaiting();
        if (s.draining() && current == null && waiting.isEmpty()) {
            s.drained();
        }
    }

    @Override
    void deliveryUpdated(io.ferrymq.engine.Delivery d) {
        if (d.context() instanceof Tracker t) {
            if (d.isRemotelySettled() && !d.isSettled()) {
                d.settle();
            }
            t.remoteUpdate(DeliveryState.of(d.remoteState()), d.isRemotelySettled());
        }
    }

    @Override
    void lost() {
        if (current != null) {
            StreamSenderMessage m = current;
            current = null;
            m.failed(new ClientIOException("the connection was lost while the message was being sent"));
        }
    }

    @Override
    void failed(ClientException cause) {
        if (current != null) {
            current.failed(cause);
            current = null;
        }
        for (Begin b : waiting) {
            b.timeout.cancel(false);
            b.future.completeExceptionally(cause);
        }
        waiting.clear();
    }
}
