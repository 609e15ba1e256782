package io.ferrymq.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A described value whose descriptor this codec does not know. It keeps the bytes it was
 * decoded from, so a broker or router re-encodes it byte for byte and can carry what it does
 * not understand; one made by an application is encoded from its descriptor and value.
 */
public final class UnknownDescribedType implements DescribedType {
    private final Object descriptor;
    private final Object described;
    private final byte[] encoding;

    public UnknownDescribedType(Object descriptor, Object described) {
        this(descriptor, described, null);
    }

    UnknownDescribedType(Object descriptor, Object described, byte[] encoding) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.described = described;
        this.encoding = encoding;
    }

    @Override
    public Object descriptor() {
        return descriptor;
    }

    @Override
    public Object described() {
        return described;
    }

    /** The exact bytes (constructor included) this value was decoded from, or null. */
    byte[] encoding() {
        return encoding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownDescribedType u
                && Objects.deepEquals(u.descriptor, descriptor)
                && Objects.deepEquals(u.described, described);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {descriptor, described});
    }

    @Override
    public String toString() {
        return "@" + descriptor + " " + Values.toString(described);
    }
}
