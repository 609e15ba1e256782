package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Annotations for the infrastructure, kept along the message's path ({@code messaging.xml#type-message-annotations}). Keys are {@link Symbol}s (or, reserved for
 * the spec, {@link io.ferrymq.codec.UnsignedLong}s).
 */
public final class MessageAnnotations extends MapSection<Object> {
    public static final long DESCRIPTOR_CODE = 0x72L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:message-annotations:map");

    public MessageAnnotations(Map<Object, Object> value) {
        super(value);
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    public static MessageAnnotations decode(Decoder d, ByteBuf b, int ctor) {
        return new MessageAnnotations(readMap(d, b, ctor, "message-annotations"));
    }
}
