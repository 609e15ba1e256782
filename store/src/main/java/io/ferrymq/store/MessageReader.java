package io.ferrymq.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads message bytes back with read-ahead: a read that misses the window loads the record and up to
 * {@link StoreOptions#readAheadBytes()} after it, so reading a queue's messages in order (they lie mostly in
 * journal order) costs one disk read per window, not one per message. One reader per consumer of the bytes (for
 * example one per queue); not thread-safe.
 */
public final class MessageReader {
    private final Store store;
    private final int readAhead;
    private final RecordCodec codec;
    private ByteBuffer window;
    private int windowFile = -1;
    private long windowStart;
    private int windowLength;
    private long diskReads;
    private long windowHits;

    MessageReader(Store store, int readAhead) {
        this.store = store;
        this.readAhead = readAhead;
        this.codec = new RecordCodec(store.options().maxRecordPayload());
        this.window = ByteBuffer.allocate(Math.max(readAhead, 4096));
    }

    /**
     * Reads a message's bytes; the caller owns the returned buffer.
     *
     * @throws StoreException if the message is not in the store, or its record fails its CRC or cannot be read
     */
    public ByteBuf read(long messageId) {
        LiveState.ReadLocation at = store.locate(messageId);
        try {
            Segment s = at.segment;
            if (s.fileId() != windowFile
                    || at.offset < windowStart
                    || at.offset + at.size > windowStart + windowLength) {
                int length = (int) Math.max(at.size, Math.min(readAhead, s.dataEnd - at.offset));
                if (window.capacity() < length) {
                    window = ByteBuffer.allocate(length);
                }
                window.clear().limit(length);
                windowFile = -1;
                Segment.readFully(s.channel, window, at.offset);
                windowFile = s.fileId();
                windowStart = at.offset;
                windowLength = length;
                diskReads++;
            } else {
                windowHits++;
            }
            return store.body(codec, window, (int) (at.offset - windowStart), at.size, messageId, at);
        } catch (IOException e) {
            throw new StoreIOException("reading message " + messageId + " from " + at.segment.path + ": " + e, e);
        } finally {
            at.segment.release();
        }
    }

    /** Reads that went to disk. */
    public long diskReads() {
        return diskReads;
    }

    /** Reads served from the read-ahead window. */
    public long windowHits() {
        return windowHits;
    }
}
