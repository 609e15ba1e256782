package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Structured application data, for filtering and routing: string keys to simple values
 * ({@code messaging.xml#type-application-properties}).
 */
public final class ApplicationProperties extends MapSection<String> {
    public static final long DESCRIPTOR_CODE = 0x74L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:application-properties:map");

    public ApplicationProperties(Map<String, Object> value) {
        super(value);
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    @SuppressWarnings("unchecked")
    public static ApplicationProperties decode(Decoder d, ByteBuf b, int ctor) {
        Map<Object, Object> map = d.readMap(b, ctor, String.class, "application-properties");
        return new ApplicationProperties((Map<String, Object>) (Map<?, ?>) map);
    }
}
