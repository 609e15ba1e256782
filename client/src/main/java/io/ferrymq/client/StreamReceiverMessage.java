package io.ferrymq.client;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Encodings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A message read as it arrives: {@link #envelope()} decodes the sections before the body
 * (header, annotations, properties, application properties); {@link #body()} streams the bytes
 * of its data sections, one after another. A body of another kind (amqp-value, amqp-sequence)
 * is refused: receive such messages with a {@link Receiver}. Use from one thread.
 */
public final class StreamReceiverMessage {
    private static final int MAX_DEPTH = 4;
    private final StreamDelivery delivery;
    private final CompositeByteBuf buf = Unpooled.compositeBuffer(64);
    private final ByteBuf envelopeBytes = Unpooled.buffer(256);
    private final BodyStream body = new BodyStream();
    private Message<Object> envelope;
    private boolean inBody;
    private boolean ended;
    private long dataLeft;
    private boolean released;

    StreamReceiverMessage(StreamDelivery delivery) {
        this.delivery = delivery;
    }

    public StreamDelivery delivery() {
        return delivery;
    }

    /**
     * The message without its body: header, annotations, properties and application properties,
     * read (waiting for them if need be) up to the start of the body.
     */
    public Message<Object> envelope() throws IOException {
        if (envelope == null) {
            while (!inBody && !ended) {
                if (!step()) {
                    break;
                }
            }
            Message<Object> m = new Message<>();
            MessageCodec.decodeInto(m, envelopeBytes.duplicate());
            envelope = m;
        }
        return envelope;
    }

    /** The body's bytes (the data sections' contents, in order), read as they arrive. */
    public InputStream body() {
        return body;
    }

    /** Takes more bytes into the buffer; false at the end of the message. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        ByteBuf more = delivery.take();
        if (more == null) {
            ended = true;
            return false;
        }
        if (more.isReadable()) {
            buf.addComponent(true, more);
        } else {
            more.release();
        }
        return true;
    }

    private boolean ensure(int n) throws IOException {
        while (buf.readableBytes() < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves past one section header or whole non-data section; false at the end of the message.
     * Leaves {@link #dataLeft} set when positioned in a data section's contents.
     */
    private boolean step() throws IOException {
        if (!ensure(3)) {
            if (buf.isReadable()) {
                throw new IOException("the message ends in the middle of a section");
            }
            return false;
        }
        int r = buf.readerIndex();
        if (buf.getUnsignedByte(r) != 0x00) {
            throw new IOException("malformed message: a section is not a described value");
        }
        int descriptor = buf.getUnsignedByte(r + 1);
        long code;
        if (descriptor == 0x53) {
            code = buf.getUnsignedByte(r + 2);
        } else if (descriptor == 0x80) {
            if (!ensure(10)) {
                throw new IOException("the message ends in the middle of a section");
            }
            code = buf.getLong(r + 2);
        } else {
            throw new IOException(
                    "this stream reader needs numeric section descriptors, found 0x" + Integer.toHexString(descriptor));
        }
        int head = descriptor == 0x53 ? 3 : 10;
        if (code == 0x75) {
            if (!ensure(head + 1)) {
                throw new IOException("the message ends in the middle of a data section");
            }
            int ctor = buf.getUnsignedByte(r + head);
            int sizeBytes = ctor == 0xa0 ? 1 : ctor == 0xb0 ? 4 : -1;
            if (sizeBytes < 0) {
                throw new IOException("malformed data section: constructor 0x" + Integer.toHexString(ctor));
            }
            if (!ensure(head + 1 + sizeBytes)) {
                throw new IOException("the message ends in the middle of a data section");
            }
            dataLeft = sizeBytes == 1 ? buf.getUnsignedByte(r + head + 1) : buf.getUnsignedInt(r + head + 1);
            buf.skipBytes(head + 1 + sizeBytes);
            inBody = true;
            return true;
        }
        if (code == 0x76 || code == 0x77) {
            throw new IOException("the body is an amqp-" + (code == 0x76 ? "sequence" : "value")
                    + ", not data sections: receive it with a Receiver");
        }
        int end;
        while (true) {
            try {
                end = Encodings.valueEnd(buf, r, MAX_DEPTH);
                break;
            } catch (DecodeException e) {
                if (!fill()) {
                    throw new IOException("the message ends in the middle of a section", e);
                }
            }
        }
        if (!inBody && code != 0x78) {
            envelopeBytes.writeBytes(buf, r, end - r);
        }
        buf.readerIndex(end);
        buf.discardReadComponents();
        return true;
    }

    private void finished() {
        if (!released) {
            released = true;
            buf.release();
            if (delivery.autoAccept() && !delivery.settled()) {
                delivery.accept();
            }
        }
    }

    private final class BodyStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (released) {
                return -1;
            }
            envelope();
            while (dataLeft == 0) {
                if (!step()) {
                    finished();
                    return -1;
                }
            }
            if (!buf.isReadable() && !fill()) {
                throw new IOException("the message ends in the middle of a data section");
            }
            int n = (int) Math.min(Math.min(len, dataLeft), buf.readableBytes());
            buf.readBytes(b, off, n);
            dataLeft -= n;
            if (!buf.isReadable() || buf.numComponents() > 8) {
                buf.discardReadComponents();
            }
            return n;
        }

        @Override
        public int available() {
            return released ? 0 : (int) Math.min(dataLeft, buf.readableBytes());
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                buf.release();
            }
        }
    }
}
