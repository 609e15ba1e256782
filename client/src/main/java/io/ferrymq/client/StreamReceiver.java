package io.ferrymq.client;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.engine.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Receives messages as streams, for messages larger than memory: a delivery is handed over as
 * soon as its first bytes arrive, and its body is read from an {@link java.io.InputStream} while
 * the rest is still coming. The bytes not yet read stay in the session, whose incoming window
 * ({@link SessionOptions#incomingCapacity}, by default the connection's
 * {@link ConnectionOptions#sessionCapacity}) stops the server when they reach it: memory stays
 * bounded whatever the message's size. Thread-safe.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class StreamReceiver extends AbstractLink {
    private static final Object END = new Object();
    private final ReceiverOptions options;
    private final Source source;
    private final LinkedBlockingDeque<Object> buffer = new LinkedBlockingDeque<>();
    /** Deliveries still arriving (event loop only). */
    private final List<StreamDelivery> arriving = new ArrayList<>();

    StreamReceiver(Session session, String name, ReceiverOptions options, Source source) {
        super(session, name, source.address());
        this.options = options.copy(); // its own: the caller may change theirs
        this.source = source;
    }

    ReceiverOptions options() {
        return options;
    }

    /** The next message whose first bytes have arrived, waiting at most {@code timeout}; null when none came. */
    public StreamDelivery receive(Duration timeout) {
        checkUsable();
        Object o;
        try {
            o = buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while receiving", e);
        }
        if (o == END) {
            buffer.addFirst(END);
            ClientException f = failure();
            if (f != null) {
                throw f;
            }
            return null;
        }
        if (o != null) {
            driver.submit(this::replenish);
        }
        return (StreamDelivery) o;
    }

    /** How long a read of a body waits for more bytes: the connection's request timeout. */
    Duration readTimeout() {
        return driver.options().requestTimeout();
    }

    // ------------------------------------------------------------------ event loop

    @Override
    Link createLink(io.ferrymq.engine.Session s) {
        return receiverLink(s, name, source, options.deliveryMode());
    }

    @Override
    void afterAttachSent(Link l) {
        replenish((io.ferrymq.engine.Receiver) l);
    }

    private void replenish() {
        replenish((io.ferrymq.engine.Receiver) usableLink());
    }

    private void replenish(io.ferrymq.engine.Receiver r) {
        int window = Math.max(1, options.creditWindow());
        if (r == null) {
            return;
        }
        long outstanding = r.credit() + buffer.size();
        if (outstanding < window) {
            r.flow(r.credit() + window - outstanding);
        }
    }

    @Override
    void attached(boolean again) {}

    @Override
    void delivery(io.ferrymq.engine.Delivery d) {
        StreamDelivery sd;
        if (d.context() instanceof StreamDelivery existing) {
            sd = existing;
        } else {
            sd = new StreamDelivery(this, d, driver.epoch());
            d.context(sd);
            buffer.add(sd);
            arriving.add(sd);
        }
        sd.arrived();
        if (!d.isPartial()) {
            arriving.remove(sd);
        }
    }

    @Override
    void lost() {
        buffer.removeIf(o -> o instanceof StreamDelivery sd && !sd.remoteSettled() && !sd.settled());
        for (StreamDelivery sd : arriving) {
            sd.connectionLost();
        }
        arriving.clear();
    }

    @Override
    void failed(ClientException cause) {
        for (StreamDelivery sd : arriving) {
            sd.connectionLost();
        }
        arriving.clear();
        buffer.add(END);
    }
}
