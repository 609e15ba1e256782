package io.ferrymq.broker;

import io.ferrymq.codec.Symbol;
import java.util.Arrays;

/** Capability and filter names clients use, chiefly Qpid JMS. */
public final class Capabilities {
    private Capabilities() {}

    public static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");
    public static final Symbol SHARED_SUBS = Symbol.valueOf("SHARED-SUBS");
    public static final Symbol QUEUE = Symbol.valueOf("queue");
    public static final Symbol TOPIC = Symbol.valueOf("topic");
    public static final Symbol TEMPORARY_QUEUE = Symbol.valueOf("temporary-queue");
    public static final Symbol TEMPORARY_TOPIC = Symbol.valueOf("temporary-topic");
    public static final Symbol SHARED = Symbol.valueOf("shared");
    public static final Symbol GLOBAL = Symbol.valueOf("global");
    public static final Symbol PRODUCT = Symbol.valueOf("product");
    public static final Symbol VERSION = Symbol.valueOf("version");
    /** JMS selector filter ({@code apache.org:selector-filter:string}, code 0x0000468C00000004). */
    public static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");

    public static final long SELECTOR_FILTER_CODE = 0x0000468C00000004L;
    /** JMS no-local filter ({@code apache.org:no-local-filter:list}, code 0x0000468C00000003). */
    public static final Symbol NO_LOCAL_FILTER = Symbol.valueOf("apache.org:no-local-filter:list");

    public static final long NO_LOCAL_FILTER_CODE = 0x0000468C00000003L;

    public static boolean has(Symbol[] capabilities, Symbol wanted) {
        return capabilities != null && Arrays.asList(capabilities).contains(wanted);
    }
}
