package io.ferrymq.bench.compare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ThreadLocalRandom;

/** The encoded message the sink sends: one data section (amqp-messaging 3.2.6) holding a body of the given size. */
final class SinkMessage {
    private final byte[] encoded;

    SinkMessage(int bodyBytes) {
        byte[] body = new byte[bodyBytes];
        ThreadLocalRandom.current().nextBytes(body);
        boolean small = bodyBytes <= 255;
        int header = 3 + (small ? 2 : 5);
        encoded = new byte[header + bodyBytes];
        // described type: 0x00, descriptor smallulong 0x75 (data), then vbin8 or vbin32.
        encoded[0] = 0x00;
        encoded[1] = 0x53;
        encoded[2] = 0x75;
        if (small) {
            encoded[3] = (byte) 0xa0;
            encoded[4] = (byte) bodyBytes;
        } else {
            encoded[3] = (byte) 0xb0;
            encoded[4] = (byte) (bodyBytes >>> 24);
            encoded[5] = (byte) (bodyBytes >>> 16);
            encoded[6] = (byte) (bodyBytes >>> 8);
            encoded[7] = (byte) bodyBytes;
        }
        System.arraycopy(body, 0, encoded, header, bodyBytes);
    }

    /** A buffer over the message's bytes, for one delivery (the engine takes ownership of it). */
    ByteBuf next() {
        return Unpooled.wrappedBuffer(encoded);
    }

    int size() {
        return encoded.length;
    }
}
