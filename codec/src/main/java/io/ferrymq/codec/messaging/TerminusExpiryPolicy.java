package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Symbol;

/** When the expiry timer of a terminus starts ({@code messaging.xml#type-terminus-expiry-policy}), a symbol. */
// Symbol is immutable (a final class of final fields).
@SuppressWarnings("ImmutableEnumChecker")
public enum TerminusExpiryPolicy {
    LINK_DETACH("link-detach"),
    SESSION_END("session-end"),
    CONNECTION_CLOSE("connection-close"),
    NEVER("never");

    private final Symbol symbol;

    TerminusExpiryPolicy(String name) {
        this.symbol = Symbol.valueOf(name);
    }

    public Symbol symbol() {
        return symbol;
    }

    /** The policy named {@code symbol}, or null when the spec defines no such policy. */
    public static TerminusExpiryPolicy valueOf(Symbol symbol) {
        for (TerminusExpiryPolicy p : values()) {
            if (p.symbol.equals(symbol)) {
                return p;
            }
        }
        return null;
    }
}
