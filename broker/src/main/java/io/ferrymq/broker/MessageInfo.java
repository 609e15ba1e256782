package io.ferrymq.broker;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Properties;
import io.netty.buffer.Unpooled;

/**
 * What the broker reads from an incoming message's bytes: header fields and the properties it
 * routes and expires by. Bodies are not decoded ({@link MessageView}).
 */
record MessageInfo(boolean durable, int priority, long expiry, String to, MessageView view) {

    /**
     * @throws DecodeException when the bytes are not a well-formed message
     */
    static MessageInfo read(byte[] bytes, Decoder decoder, long now) {
        MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), decoder);
        view.checkApplicationProperties(); // selectors read them: a malformed map is refused here, not at a consumer
        Header h = view.header(decoder);
        Properties p = view.properties(decoder);
        long expiry = 0;
        if (h.ttl() > 0) {
            expiry = now + h.ttl();
        }
        if (p != null
                && p.hasAbsoluteExpiryTime()
                && p.absoluteExpiryTime() > 0
                && (expiry == 0 || p.absoluteExpiryTime() < expiry)) {
            expiry = p.absoluteExpiryTime();
        }
        return new MessageInfo(h.durable(), h.priority(), expiry, p == null ? null : p.to(), view);
    }
}
