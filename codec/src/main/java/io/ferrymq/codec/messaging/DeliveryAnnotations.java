package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Annotations for the next hop only, not forwarded ({@code messaging.xml#type-delivery-annotations}). Keys are {@link Symbol}s (or, reserved for
 * the spec, {@link io.ferrymq.codec.UnsignedLong}s).
 */
public final class DeliveryAnnotations extends MapSection<Object> {
    public static final long DESCRIPTOR_CODE = 0x71L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:delivery-annotations:map");

    public DeliveryAnnotations(Map<Object, Object> value) {
        super(value);
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    public static DeliveryAnnotations decode(Decoder d, ByteBuf b, int ctor) {
        return new DeliveryAnnotations(readMap(d, b, ctor, "delivery-annotations"));
    }
}
