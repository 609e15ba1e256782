package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.TypeCode;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.Values;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.Objects;

/** A section whose value is a map: annotations, application-properties, footer. */
abstract sealed class MapSection<K> implements Section
        permits DeliveryAnnotations, MessageAnnotations, ApplicationProperties, Footer {
    private final Map<K, Object> value;

    MapSection(Map<K, Object> value) {
        this.value = value;
    }

    /** The map, or null when the section carries none. */
    public Map<K, Object> value() {
        return value;
    }

    @Override
    public Object descriptor() {
        return UnsignedLong.valueOf(descriptorCode());
    }

    @Override
    public Object described() {
        return value;
    }

    @Override
    public void encode(ByteBuf b) {
        b.writeMedium((TypeCode.SMALLULONG << 8) | (int) descriptorCode());
        Encoder.writeMap(b, value);
    }

    /** Reads the map of a section whose value constructor is {@code ctor}; null stays null. */
    static Map<Object, Object> readMap(Decoder d, ByteBuf b, int ctor, String section) {
        return d.readMap(b, ctor, Object.class, section);
    }

    // The exact class: a subclass would be another described type, never equal to this one.
    @SuppressWarnings("EqualsGetClass")
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(value, ((MapSection<?>) o).value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + Values.toString(value);
    }
}
