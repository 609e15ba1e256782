package io.ferrymq.broker;

import io.ferrymq.codec.DescribedType;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import java.util.Map;

/** Reads the filters a consumer asks for in its source's filter-set ({@code messaging.xml#type-filter-set}). */
final class Filters {
    private Filters() {}

    /** The JMS selector in the filter-set, or null. */
    static String selector(Map<Symbol, Object> filters) {
        DescribedType d = find(filters, Capabilities.SELECTOR_FILTER, Capabilities.SELECTOR_FILTER_CODE);
        if (d == null || d.described() == null) {
            return null;
        }
        String s = d.described().toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** Whether the filter-set asks not to receive messages sent on the same connection. */
    static boolean noLocal(Map<Symbol, Object> filters) {
        return find(filters, Capabilities.NO_LOCAL_FILTER, Capabilities.NO_LOCAL_FILTER_CODE) != null;
    }

    private static DescribedType find(Map<Symbol, Object> filters, Symbol name, long code) {
        if (filters == null) {
            return null;
        }
        for (Object v : filters.values()) {
            if (v instanceof DescribedType d) {
                Object descriptor = d.descriptor();
                if (name.equals(descriptor) || (descriptor instanceof UnsignedLong u && u.longBits() == code)) {
                    return d;
                }
            }
        }
        return null;
    }
}
