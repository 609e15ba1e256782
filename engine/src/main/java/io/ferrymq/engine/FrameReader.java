package io.ferrymq.engine;

import io.ferrymq.codec.transport.ConnectionError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Cuts incoming bytes into protocol headers and frames ({@code transport.xml#doc-frame-layout}).
 * Bytes arrive in chunks of any size; a frame split across chunks is gathered, one that arrives
 * whole is handed on as a slice of the chunk, without a copy. A frame larger than the limit is
 * refused from its size field alone, before any of it is buffered.
 */
final class FrameReader {
    /** Receives what the reader finds. Slices are valid only during the call. */
    interface Sink {
        void onHeader(ByteBuf eightBytes);

        void onFrame(int type, int channel, ByteBuf body);

        void onEmptyFrame(int type, int channel);
    }

    static final int FRAME_HEADER_SIZE = 8;

    private final ByteBufAllocator alloc;
    private ByteBuf cumulation;
    private boolean expectHeader = true;
    private boolean stopped;
    private long maxFrameSize;
    private long bytesRead;

    FrameReader(ByteBufAllocator alloc, long maxFrameSize) {
        this.alloc = alloc;
        this.maxFrameSize = maxFrameSize;
    }

    /** The next thing to read is a protocol header (at the start, and after SASL). */
    void expectHeader() {
        expectHeader = true;
    }

    /** Reads nothing more: the connection is ending. */
    void stop() {
        stopped = true;
        releaseCumulation();
    }

    boolean stopped() {
        return stopped;
    }

    void maxFrameSize(long size) {
        this.maxFrameSize = size;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Bytes held back waiting for the rest of a frame. */
    int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    /**
     * Reads all complete headers and frames from {@code in} (not released: the caller still owns
     * it) and keeps any incomplete rest for the next call.
     *
     * @throws ProtocolException for a frame that breaks the framing rules
     */
    void ingest(ByteBuf in, Sink sink) {
        if (stopped) {
            return;
        }
        bytesRead += in.readableBytes();
        ByteBuf source;
        if (cumulation != null && cumulation.isReadable()) {
            cumulation.writeBytes(in);
            source = cumulation;
        } else {
            source = in;
        }
        readFrom(source, sink);
        if (stopped) {
            return;
        }
        if (source == cumulation) {
            if (!cumulation.isReadable()) {
                releaseCumulation();
            } else if (cumulation.refCnt() > 1 || cumulation.readerIndex() > cumulation.capacity() / 2) {
                // Slices of the consumed part are still referenced elsewhere, or half the buffer is
                // dead: move the rest to a fresh buffer rather than compacting under them.
                ByteBuf rest = alloc.buffer(Math.max(cumulation.readableBytes(), 1024));
                rest.writeBytes(cumulation);
                cumulation.release();
                cumulation = rest;
            }
        } else if (in.isReadable()) {
            cumulation = alloc.buffer(Math.max(in.readableBytes(), 1024));
            cumulation.writeBytes(in);
        }
    }

    private void readFrom(ByteBuf b, Sink sink) {
        while (!stopped) {
            if (expectHeader) {
                if (b.readableBytes() < ProtocolHeader.LENGTH) {
                    return;
                }
                expectHeader = false;
                ByteBuf header = b.readSlice(ProtocolHeader.LENGTH);
                sink.onHeader(header);
                continue;
            }
            if (b.readableBytes() < FRAME_HEADER_SIZE) {
                return;
            }
            int at = b.readerIndex();
            long size = b.getUnsignedInt(at);
            if (size < FRAME_HEADER_SIZE) {
                throw new ProtocolException(
                        ConnectionError.FRAMING_ERROR,
                        "frame size " + size + " is smaller than the 8-byte frame header");
            }
            if (size > maxFrameSize) {
                throw new ProtocolException(
                        ConnectionError.FRAMING_ERROR,
                        "frame of " + size + " bytes exceeds the max-frame-size of " + maxFrameSize);
            }
            if (b.readableBytes() < size) {
                return;
            }
            int doff = b.getUnsignedByte(at + 4);
            int type = b.getUnsignedByte(at + 5);
            int channel = b.getUnsignedShort(at + 6);
            int bodyStart = doff * 4;
            if (doff < 2 || bodyStart > size) {
                throw new ProtocolException(
                        ConnectionError.FRAMING_ERROR,
                        "frame data offset " + doff + " is outside a frame of " + size + " bytes");
            }
            b.skipBytes((int) size);
            if (bodyStart == size) {
                sink.onEmptyFrame(type, channel);
            } else {
                sink.onFrame(type, channel, b.slice(at + bodyStart, (int) size - bodyStart));
            }
        }
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
