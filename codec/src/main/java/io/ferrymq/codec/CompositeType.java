package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A composite type of the specification: a described list of fields
 * ({@code types.xml#doc-composite-type-representation}).
 *
 * <p>Subclasses write their fields in the spec's order, leaving out trailing fields that are
 * absent (a field equal to its default is written as absent), and decode with the spec's
 * defaults for fields a shorter list leaves out. Two composites are equal when they are of one
 * class and encode to the same bytes.
 */
public abstract class CompositeType implements DescribedType, Encodable {
    /** The descriptor code, {@code 0x00000000:0x000000xx} of the spec, as a long. */
    public abstract long descriptorCode();

    /** The descriptor name, such as {@code amqp:open:list}. */
    public abstract Symbol descriptorSymbol();

    /** The spec's names of the fields, in order: for traces and error messages. */
    protected abstract String[] fieldNames();

    /** How many fields to write: one past the last field that is present. */
    protected abstract int fieldCount();

    /** Writes the first {@code count} fields, each with its constructor. */
    protected abstract void writeFields(ByteBuf b, int count);

    @Override
    public final void encode(ByteBuf b) {
        Encoder.writeComposite(b, this);
    }

    @Override
    public Object descriptor() {
        return UnsignedLong.valueOf(descriptorCode());
    }

    /**
     * The fields as a list of values, trailing absent ones left out: decoded from this
     * composite's encoding, with the described types of the specification.
     */
    @Override
    public List<Object> described() {
        ByteBuf b = Unpooled.buffer();
        encode(b);
        b.skipBytes(3);
        @SuppressWarnings("unchecked")
        List<Object> fields = (List<Object>) new Decoder(Spec.TYPES).readObject(b);
        return fields;
    }

    /** The specification's described types, from the package above this one, looked up once. */
    private static final class Spec {
        static final DescribedTypes TYPES = ServiceLoader.load(
                        DescribedTypes.Provider.class, CompositeType.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + DescribedTypes.Provider.class.getName()
                        + " in META-INF/services: the codec's jar is incomplete"))
                .describedTypes();
    }

    private byte[] bytes() {
        ByteBuf b = Unpooled.buffer();
        encode(b);
        return ByteBufUtil.getBytes(b);
    }

    // The exact class: a subclass would be another described type, never equal to this one.
    @SuppressWarnings("EqualsGetClass")
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes(), ((CompositeType) o).bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('{');
        String[] names = fieldNames();
        List<Object> fields = described();
        boolean first = true;
        for (int i = 0; i < fields.size(); i++) {
            Object v = fields.get(i);
            if (v != null) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(i < names.length ? names[i] : "field" + i).append('=');
                Values.append(sb, v);
            }
        }
        return sb.append('}').toString();
    }
}
