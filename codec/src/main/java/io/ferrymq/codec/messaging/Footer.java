package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Annotations at the end of the message, such as hashes or signatures ({@code messaging.xml#type-footer}). Keys are {@link Symbol}s (or, reserved for
 * the spec, {@link io.ferrymq.codec.UnsignedLong}s).
 */
public final class Footer extends MapSection<Object> {
    public static final long DESCRIPTOR_CODE = 0x78L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:footer:map");

    public Footer(Map<Object, Object> value) {
        super(value);
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    public static Footer decode(Decoder d, ByteBuf b, int ctor) {
        return new Footer(readMap(d, b, ctor, "footer"));
    }
}
