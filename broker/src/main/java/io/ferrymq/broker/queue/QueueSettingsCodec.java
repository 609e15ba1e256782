package io.ferrymq.broker.queue;

import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;

/** Queue settings as the bytes the store keeps: an AMQP map, so they read back without Java serialization. */
public final class QueueSettingsCodec {
    private QueueSettingsCodec() {}

    public static byte[] encode(QueueSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("name", s.name());
        m.put("address", s.address());
        m.put("routing", s.routing().name());
        m.put("durable", s.durable());
        m.put("temporary", s.temporary());
        m.put("auto-delete", s.autoDelete());
        m.put("max-messages", s.maxMessages());
        m.put("max-bytes", s.maxBytes());
        m.put("max-deliveries", s.maxDeliveries());
        m.put("dead-letter-address", s.deadLetterAddress());
        m.put("expiry-address", s.expiryAddress());
        QueueSettings.Subscription sub = s.subscription();
        if (sub != null) {
            m.put("sub-container", sub.containerId());
            m.put("sub-name", sub.name());
            m.put("sub-shared", sub.shared());
            m.put("sub-global", sub.global());
            m.put("sub-selector", sub.selector());
            m.put("sub-no-local", sub.noLocal());
            if (sub.user() != null) {
                m.put("sub-user", sub.user());
            }
        }
        return Encoder.toBytes(m);
    }

    public static QueueSettings decode(byte[] bytes) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) SpecTypes.newDecoder().readObject(Unpooled.wrappedBuffer(bytes));
        QueueSettings.Subscription sub = null;
        if (m.containsKey("sub-name")) {
            sub = new QueueSettings.Subscription(
                    (String) m.get("sub-container"),
                    (String) m.get("sub-name"),
                    (Boolean) m.get("sub-shared"),
                    (Boolean) m.get("sub-global"),
                    (String) m.get("sub-selector"),
                    (Boolean) m.get("sub-no-local"),
                    (String) m.get("sub-user"));
        }
        return new QueueSettings(
                (String) m.get("name"),
                (String) m.get("address"),
                RoutingType.valueOf((String) m.get("routing")),
                (Boolean) m.get("durable"),
                (Boolean) m.get("temporary"),
                (Boolean) m.get("auto-delete"),
                ((Number) m.get("max-messages")).longValue(),
                ((Number) m.get("max-bytes")).longValue(),
                ((Number) m.get("max-deliveries")).intValue(),
                (String) m.get("dead-letter-address"),
                (String) m.get("expiry-address"),
                sub);
    }
}
