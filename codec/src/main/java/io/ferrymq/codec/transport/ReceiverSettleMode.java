package io.ferrymq.codec.transport;

/** Settlement policy for a receiver, a ubyte ({@code transport.xml#type-receiver-settle-mode}). */
public enum ReceiverSettleMode {
    /** The receiver will spontaneously settle all incoming transfers. */
    FIRST,
    /** The receiver will only settle after sending the disposition and receiving the sender's settlement. */
    SECOND;

    private static final ReceiverSettleMode[] ALL = values();

    // The spec numbers the values in declaration order; the protonj2 interop tests compare the codes with its own.
    @SuppressWarnings("EnumOrdinal")
    public int code() {
        return ordinal();
    }

    /** The mode for {@code code}, or null when the code is not one the spec defines. */
    public static ReceiverSettleMode valueOf(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }
}
