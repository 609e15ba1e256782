package io.ferrymq.codec.messaging;

import io.ferrymq.codec.DecodeException;
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
        Map<Object, Object> map = readMap(d, b, ctor, "application-properties");
        if (map != null) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new DecodeException("application-properties: keys are strings, found "
                            + (key == null ? "null" : key.getClass().getSimpleName()), d.position(b));
                }
            }
        }
        return new ApplicationProperties((Map<String, Object>) (Map<?, ?>) map);
    }
}
