package io.ferrymq.codec;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Readable renderings of AMQP values, for logs and protocol traces. */
public final class Values {
    private Values() {}

    public static String toString(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"').append(s).append('"');
        } else if (v instanceof Symbol s) {
            sb.append(':').append(s);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            Iterator<?> it = l.iterator();
            while (it.hasNext()) {
                append(sb, it.next());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append('=');
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (v.getClass().isArray()) {
            sb.append("array[");
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, Array.get(v, i));
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }
}
