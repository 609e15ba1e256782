package io.ferrymq.client;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.AmqpSequence;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.DeliveryAnnotations;
import io.ferrymq.codec.messaging.Footer;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Section;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes a {@link Message} into its sections' bytes and decodes it back. */
final class MessageCodec {
    /** One reusable heap buffer per thread for encoding: a message is copied out of it once. */
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(1024));

    private static final int SCRATCH_KEEP = 1024 * 1024;

    private MessageCodec() {}

    static byte[] encode(Message<?> m) {
        ByteBuf b = SCRATCH.get();
        b.clear();
        try {
            encode(m, b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            if (b.capacity() > SCRATCH_KEEP) {
                SCRATCH.remove();
            }
        }
    }

    static void encode(Message<?> m, ByteBuf b) {
        Header h = m.headerSection();
        if (h != null) {
            h.encode(b);
        }
        if (m.deliveryAnnotationsMap() != null && !m.deliveryAnnotationsMap().isEmpty()) {
            new DeliveryAnnotations(symbolKeys(m.deliveryAnnotationsMap())).encode(b);
        }
        if (m.annotationsMap() != null && !m.annotationsMap().isEmpty()) {
            new MessageAnnotations(symbolKeys(m.annotationsMap())).encode(b);
        }
        Properties p = m.propertiesSection();
        if (p != null) {
            p.encode(b);
        }
        if (m.applicationPropertiesMap() != null
                && !m.applicationPropertiesMap().isEmpty()) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (var e : m.applicationPropertiesMap().entrySet()) {
                props.put(e.getKey(), valueOut(e.getValue()));
            }
            new ApplicationProperties(props).encode(b);
        }
        for (Section s : m.bodySectionsToEncode()) {
            s.encode(b);
        }
        if (m.footerMap() != null && !m.footerMap().isEmpty()) {
            new Footer(symbolKeys(m.footerMap())).encode(b);
        }
    }

    /** Fills {@code m} from encoded sections. */
    static void decodeInto(Message<?> m, byte[] bytes) {
        decodeInto(m, Unpooled.wrappedBuffer(bytes));
    }

    static void decodeInto(Message<?> m, ByteBuf b) {
        Decoder decoder = SpecTypes.newDecoder();
        Message.BodyKind kind = Message.BodyKind.NONE;
        List<Object> body = new ArrayList<>(1);
        while (b.isReadable()) {
            Object section = decoder.readObject(b);
            switch (section) {
                case Header h -> m.header(h);
                case DeliveryAnnotations d -> m.deliveryAnnotationsMap(stringKeys(d.value()));
                case MessageAnnotations a -> m.annotationsMap(stringKeys(a.value()));
                case Properties p -> m.properties(p);
                case ApplicationProperties a -> {
                    Map<String, Object> props = new LinkedHashMap<>();
                    if (a.value() != null) {
                        for (var e : a.value().entrySet()) {
                            props.put(e.getKey(), valueIn(e.getValue()));
                        }
                    }
                    m.applicationPropertiesMap(props);
                }
                case AmqpValue v -> {
                    kind = Message.BodyKind.VALUE;
                    body.add(valueIn(v.value()));
                }
                case Data d -> {
                    kind = Message.BodyKind.DATA;
                    body.add(d.value().toByteArray());
                }
                case AmqpSequence s -> {
                    kind = Message.BodyKind.SEQUENCE;
                    body.add(valueIn(s.value()));
                }
                case Footer f -> m.footerMap(stringKeys(f.value()));
                default -> throw new DecodeException("not a message section: " + section, 0);
            }
        }
        m.decodedBody(kind, body);
    }

    private static Map<Object, Object> symbolKeys(Map<String, Object> map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            out.put(Symbol.valueOf(e.getKey()), valueOut(e.getValue()));
        }
        return out;
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (map != null) {
            for (var e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), valueIn(e.getValue()));
            }
        }
        return out;
    }

    /** An application value as the codec encodes it: byte arrays become binaries, inside collections too. */
    static Object valueOut(Object v) {
        if (v instanceof byte[] bytes) {
            return new Binary(bytes);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(valueOut(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                out.put(valueOut(e.getKey()), valueOut(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /** A decoded value as the application sees it: binaries become byte arrays. */
    static Object valueIn(Object v) {
        if (v instanceof Binary b) {
            return b.toByteArray();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(valueIn(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                out.put(valueIn(e.getKey()), valueIn(e.getValue()));
            }
            return out;
        }
        return v;
    }

    static Object idOut(Object id) {
        if ((id instanceof Integer || id instanceof Long) && ((Number) id).longValue() >= 0) {
            return UnsignedLong.valueOf(((Number) id).longValue());
        }
        return id instanceof byte[] bytes ? new Binary(bytes) : id;
    }

    static Object idIn(Object id) {
        return id instanceof Binary b ? b.toByteArray() : id;
    }
}
