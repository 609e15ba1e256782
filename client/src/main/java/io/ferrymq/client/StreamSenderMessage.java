package io.ferrymq.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A message being sent by a {@link StreamSender}: write its body to {@link #body()}, then
 * {@link #complete()} it (or close the stream), or {@link #abort()} it. Written bytes go out in
 * data sections of the sender's chunk size; a write blocks (at most the send timeout) while
 * the sender's buffer limit is reached. Use from one thread.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class StreamSenderMessage {
    private final StreamSender sender;
    final io.ferrymq.engine.Delivery delivery;
    private final Tracker tracker;
    private final int chunkSize;
    private final long maxBuffered;
    private final BodyStream body = new BodyStream();
    private byte[] prefix;
    private byte[] chunk;
    private int pos;
    private boolean wroteSection;
    private boolean finished;
    /** Bytes handed to the event loop (writing thread). */
    private long queued;
    /** Bytes gone from the sender's buffers (set on the event loop). */
    private volatile long released;

    volatile ClientException failure;
    // event loop only
    long queuedOnLoop;

    StreamSenderMessage(StreamSender sender, io.ferrymq.engine.Delivery delivery, Tracker tracker, byte[] prefix) {
        this.sender = sender;
        this.delivery = delivery;
        this.tracker = tracker;
        this.prefix = prefix;
        this.chunkSize = sender.options().streamChunkSize();
        this.maxBuffered = sender.options().maxBufferedBytes();
        this.chunk = new byte[chunkSize];
    }

    /** The body: every byte written becomes part of the message's data sections. */
    public OutputStream body() {
        return body;
    }

    /** The tracker of the message's delivery: its settlement completes after {@link #complete()}. */
    public Tracker tracker() {
        return tracker;
    }

    /** Sends what is left and ends the message; returns its tracker. */
    public Tracker complete() throws IOException {
        if (!finished) {
            send(true);
            finished = true;
        }
        return tracker;
    }

    /** Abandons the message: the server discards what it received ({@code transport.xml#doc-aborted}). */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        sender.driver.submit(() -> sender.abort(this));
    }

    private void send(boolean last) throws IOException {
        checkFailure();
        ByteBuf out;
        if (pos > 0 || (last && !wroteSection)) {
            ByteBuf head = Unpooled.buffer(8 + (prefix == null ? 0 : prefix.length));
            if (prefix != null) {
                head.writeBytes(prefix);
                prefix = null;
            }
            // A data section: described (0x00) by smallulong 0x75, a vbin32 of the chunk.
            head.writeByte(0x00).writeByte(0x53).writeByte(0x75).writeByte(0xb0).writeInt(pos);
            out = Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(chunk, 0, pos));
            wroteSection = true;
            chunk = last ? null : new byte[chunkSize];
            pos = 0;
        } else {
            out = Unpooled.EMPTY_BUFFER;
        }
        int n = out.readableBytes();
        awaitRoom(n);
        queued += n;
        sender.driver.submit(() -> {
            queuedOnLoop += n;
            sender.write(this, out, last);
        });
    }

    private void awaitRoom(int n) throws IOException {
        long deadline = System.nanoTime() + sender.sendTimeout().toNanos();
        synchronized (sender.progressLock) {
            while (failure == null && queued - released > 0 && queued - released + n > maxBuffered) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(new ClientTimeoutException("the message to '" + sender.address()
                            + "' made no progress within " + Futures.describe(sender.sendTimeout())));
                }
                try {
                    sender.progressLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing", e);
                }
            }
        }
        checkFailure();
    }

    private void checkFailure() throws IOException {
        ClientException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
        if (finished) {
            throw new IOException("the message is already complete or aborted");
        }
    }

    /** On the event loop: {@code bytes} of the message have left the sender's buffers. */
    void released(long bytes) {
        if (bytes != released) {
            released = bytes;
            synchronized (sender.progressLock) {
                sender.progressLock.notifyAll();
            }
        }
    }

    /** On the event loop: the message cannot go on. */
    void failed(ClientException cause) {
        if (failure == null) {
            failure = cause;
            tracker.fail(cause);
            synchronized (sender.progressLock) {
                sender.progressLock.notifyAll();
            }
        }
    }

    private final class BodyStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            if (pos == chunkSize) {
                send(false);
            }
            chunk[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                if (chunk == null) {
                    checkFailure();
                }
                if (pos == chunkSize) {
                    send(false);
                }
                int n = Math.min(len, chunkSize - pos);
                System.arraycopy(b, off, chunk, pos, n);
                pos += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (pos > 0) {
                send(false);
            }
        }

        @Override
        public void close() throws IOException {
            complete();
        }
    }
}
