package io.ferrymq.client;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A message arriving on a {@link StreamReceiver}, handed over when its first bytes came: read it
 * through {@link #message()}, then settle it. Settling before the end discards the rest as it
 * arrives. With auto-accept on, the message is accepted when its body has been read to the end.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class StreamDelivery implements Settlement<StreamDelivery> {
    private final StreamReceiver receiver;
    private final io.ferrymq.engine.Delivery d;
    private final int epoch;
    private final boolean remotelySettled;
    private final StreamReceiverMessage message;
    private volatile boolean settled;
    // guarded by this
    private boolean dataWaiting;
    private boolean complete;
    private boolean aborted;
    private ClientException failure;
    // event loop only
    private boolean discard;
    private DeliveryState pendingState;
    private boolean pendingSettle;

    StreamDelivery(StreamReceiver receiver, io.ferrymq.engine.Delivery d, int epoch) {
        this.receiver = receiver;
        this.d = d;
        this.epoch = epoch;
        this.remotelySettled = d.isRemotelySettled();
        this.settled = remotelySettled;
        this.message = new StreamReceiverMessage(this);
    }

    /** The message: its envelope (header, properties, ...) and its body as a stream. */
    public StreamReceiverMessage message() {
        return message;
    }

    public StreamReceiver receiver() {
        return receiver;
    }

    /** True when every transfer of the message has arrived. */
    public synchronized boolean completed() {
        return complete;
    }

    /** True when the sender abandoned the message part way. */
    public synchronized boolean aborted() {
        return aborted;
    }

    public boolean remoteSettled() {
        return remotelySettled;
    }

    public boolean settled() {
        return settled;
    }

    /** Sends {@code state} and maybe settles; before the message has fully arrived, once it has. */
    @Override
    public StreamDelivery disposition(DeliveryState state, boolean settle) {
        if (settled) {
            return this;
        }
        if (settle) {
            settled = true;
        }
        ConnectionDriver driver = receiver.driver;
        driver.submit(() -> {
            if (epoch != driver.epoch() || d.isSettled() || d.isRemotelySettled()) {
                return;
            }
            if (d.isPartial() && !d.isAborted()) {
                discard = true;
                pendingState = state;
                pendingSettle = settle;
                d.takePayload().release();
                return;
            }
            d.disposition(DeliveryState.toCodec(state), settle);
        });
        return this;
    }

    boolean autoAccept() {
        return receiver.options().autoAccept();
    }

    // ------------------------------------------------------------------ event loop

    void arrived() {
        boolean ended = !d.isPartial();
        if (discard) {
            d.takePayload().release();
            if (ended && !d.isAborted() && !d.isSettled()) {
                d.disposition(DeliveryState.toCodec(pendingState), pendingSettle);
            }
        }
        synchronized (this) {
            dataWaiting = d.payload().isReadable();
            aborted = d.isAborted();
            complete = ended;
            notifyAll();
        }
    }

    void connectionLost() {
        synchronized (this) {
            if (!complete) {
                failure = new ClientIOException("the connection was lost while the message was arriving");
                notifyAll();
            }
        }
    }

    // ------------------------------------------------------------------ reading thread

    /**
     * Takes the bytes that have arrived and not been read, waiting for some at most the read
     * timeout; null at the end of the message.
     */
    ByteBuf take() throws IOException {
        Duration timeout = receiver.readTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!dataWaiting && !complete && !aborted && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(new ClientTimeoutException(
                            "no more of the message arrived within " + Futures.describe(timeout)));
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading", e);
                }
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (aborted) {
                throw new IOException("the sender aborted the message");
            }
            if (!dataWaiting) {
                return null;
            }
        }
        ConnectionDriver driver = receiver.driver;
        CompletableFuture<ByteBuf> f = new CompletableFuture<>();
        driver.submit(() -> {
            if (epoch != driver.epoch()) {
                f.completeExceptionally(
                        new ClientIOException("the connection was lost while the message was arriving"));
                return;
            }
            ByteBuf p = d.takePayload();
            synchronized (this) {
                dataWaiting = false;
            }
            f.complete(p);
        });
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.thenAccept(ByteBuf::release);
            throw new IOException(new ClientTimeoutException("reading the message timed out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(ByteBuf::release);
            throw new IOException("interrupted while reading", e);
        }
    }
}
