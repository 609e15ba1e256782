package io.ferrymq.engine;

import io.ferrymq.codec.Encodable;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * Builds outgoing bytes: protocol headers and frames. Small frames are packed one after another
 * into a shared buffer; large transfer payloads travel as retained slices of the application's
 * buffer instead of being copied. The application takes the result with {@link #poll()}.
 */
final class FrameWriter {
    static final int TYPE_AMQP = 0;
    static final int TYPE_SASL = 1;

    /** Payloads at least this large are sent as slices rather than copied into the frame buffer. */
    private static final int COPY_LIMIT = 4096;

    private static final int CHUNK = 16 * 1024;

    private final ByteBufAllocator alloc;
    private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();
    private ByteBuf current;
    private long pendingBytes;
    private long maxFrameSize = 512;
    private boolean wroteSinceTick;

    FrameWriter(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** The largest frame the peer accepts. */
    void maxFrameSize(long size) {
        this.maxFrameSize = size;
    }

    long maxFrameSize() {
        return maxFrameSize;
    }

    private ByteBuf current(int need) {
        if (current == null || current.writableBytes() < need) {
            finishCurrent();
            current = alloc.buffer(Math.max(CHUNK, need));
        }
        return current;
    }

    private void finishCurrent() {
        if (current != null) {
            if (current.isReadable()) {
                ready.add(current);
            } else {
                current.release();
            }
            current = null;
        }
    }

    void writeHeader(ProtocolHeader header) {
        ByteBuf b = current(ProtocolHeader.LENGTH);
        header.write(b);
        written(ProtocolHeader.LENGTH);
    }

    /** An empty frame: a heartbeat ({@code transport.xml#doc-idle-time-out}). */
    void writeEmptyFrame() {
        ByteBuf b = current(8);
        b.writeInt(8);
        b.writeInt(0x02000000);
        written(8);
    }

    /** A performative whose smallest encoding does not fit the peer's max-frame-size. */
    static final class FrameTooLarge extends IllegalStateException {
        FrameTooLarge(String message) {
            super(message);
        }
    }

    /**
     * Writes a frame carrying {@code body}.
     *
     * @throws FrameTooLarge when the encoded frame exceeds the peer's max-frame-size
     */
    void writeFrame(int type, int channel, Encodable body) {
        ByteBuf b = current(256);
        int start = b.writerIndex();
        b.writeInt(0);
        b.writeByte(2);
        b.writeByte(type);
        b.writeShort(channel);
        body.encode(b);
        int size = b.writerIndex() - start;
        if (size > maxFrameSize) {
            b.writerIndex(start);
            throw new FrameTooLarge("a frame of " + size + " bytes ("
                    + body.getClass().getSimpleName() + ") exceeds the peer's max-frame-size of " + maxFrameSize);
        }
        b.setInt(start, size);
        written(size);
    }

    /**
     * Writes one transfer frame with as much of {@code payload} as fits, taking those bytes from
     * it. {@code transfer}'s {@code more} flag is set here: false when all of the payload fits
     * and {@code last} is true.
     *
     * @return the number of payload bytes the frame carried
     */
    int writeTransfer(int channel, Transfer transfer, ByteBuf payload, boolean last) {
        ByteBuf b = current(256);
        int start = b.writerIndex();
        b.writeInt(0);
        b.writeByte(2);
        b.writeByte(TYPE_AMQP);
        b.writeShort(channel);
        transfer.more(!last);
        transfer.encode(b);
        int headerAndPerformative = b.writerIndex() - start;
        long room = maxFrameSize - headerAndPerformative;
        int remaining = payload.readableBytes();
        int carried;
        if (last && remaining <= room) {
            carried = remaining;
        } else {
            if (!transfer.more()) {
                b.writerIndex(start + FrameReader.FRAME_HEADER_SIZE);
                transfer.more(true);
                transfer.encode(b);
                headerAndPerformative = b.writerIndex() - start;
                room = maxFrameSize - headerAndPerformative;
            }
            if (room <= 0) {
                b.writerIndex(start);
                throw new IllegalStateException("max-frame-size " + maxFrameSize + " leaves no room for payload");
            }
            carried = (int) Math.min(room, remaining);
        }
        int size = headerAndPerformative + carried;
        b.setInt(start, size);
        if (carried < COPY_LIMIT) {
            b.ensureWritable(carried);
            b.writeBytes(payload, carried);
        } else {
            finishCurrent();
            ready.add(payload.readRetainedSlice(carried));
        }
        written(size);
        return carried;
    }

    private void written(long n) {
        pendingBytes += n;
        wroteSinceTick = true;
    }

    /** Bytes written and not yet taken. */
    long pendingBytes() {
        return pendingBytes;
    }

    boolean hasOutput() {
        return pendingBytes > 0;
    }

    /** Whether anything was written since the last call; clears the mark. */
    boolean takeWroteSinceTick() {
        boolean w = wroteSinceTick;
        wroteSinceTick = false;
        return w;
    }

    /** The next buffer of output, or null. The caller owns (and releases) it. */
    ByteBuf poll() {
        ByteBuf next = ready.poll();
        if (next == null) {
            if (current == null || !current.isReadable()) {
                return null;
            }
            next = current;
            current = null;
        }
        pendingBytes -= next.readableBytes();
        return next;
    }

    void release() {
        ByteBuf b;
        while ((b = ready.poll()) != null) {
            b.release();
        }
        if (current != null) {
            current.release();
            current = null;
        }
        pendingBytes = 0;
    }
}
