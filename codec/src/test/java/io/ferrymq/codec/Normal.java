package io.ferrymq.codec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A form of a value in which equal AMQP values are {@code equals}: floats compared by bits
 * (so NaN equals NaN), arrays and described values by content.
 */
public final class Normal {
    private Normal() {}

    public static boolean same(Object a, Object b) {
        return Objects.equals(form(a), form(b));
    }

    /**
     * Like {@link #same} but a {@link Timestamp} equals a {@code Long} of its milliseconds: for
     * peers whose decoders read timestamps as plain longs.
     */
    public static boolean sameIgnoringTimestampType(Object a, Object b) {
        return Objects.equals(form(a, true), form(b, true));
    }

    public static Object form(Object v) {
        return form(v, false);
    }

    private static Object form(Object v, boolean loose) {
        if (loose && v instanceof Timestamp t) {
            return t.epochMillis();
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "NaN" : List.of("float", Float.floatToRawIntBits(f));
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : List.of("double", Double.doubleToRawLongBits(d));
        }
        if (v instanceof List<?> l) {
            return l.stream()
                    .map(x -> Objects.requireNonNullElse(form(x, loose), "null"))
                    .toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(form(k, loose), form(x, loose)));
            return out;
        }
        if (v instanceof CompositeType c) {
            return List.of(c.getClass().getSimpleName(), form(c.described(), loose));
        }
        if (v instanceof UnknownDescribedType u) {
            return List.of(
                    "described",
                    form(u.descriptor(), loose),
                    Objects.requireNonNullElse(form(u.described(), loose), "null"));
        }
        if (v instanceof Object[] a) {
            return List.of(
                    "array",
                    a.getClass().getComponentType().getSimpleName(),
                    Arrays.stream(a)
                            .map(x -> Objects.requireNonNullElse(form(x, loose), "null"))
                            .toList());
        }
        if (v instanceof int[] a) {
            return List.of("int[]", Arrays.stream(a).boxed().toList());
        }
        if (v instanceof long[] a) {
            return List.of("long[]", Arrays.stream(a).boxed().toList());
        }
        return v;
    }
}
