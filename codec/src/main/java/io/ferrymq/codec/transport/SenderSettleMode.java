package io.ferrymq.codec.transport;

/** Settlement policy for a sender, a ubyte ({@code transport.xml#type-sender-settle-mode}). */
public enum SenderSettleMode {
    /** The sender will send all deliveries initially unsettled. */
    UNSETTLED,
    /** The sender will send all deliveries settled. */
    SETTLED,
    /** The sender may send a mixture of settled and unsettled deliveries. */
    MIXED;

    private static final SenderSettleMode[] ALL = values();

    // The spec numbers the values in declaration order; the protonj2 interop tests compare the codes with its own.
    @SuppressWarnings("EnumOrdinal")
    public int code() {
        return ordinal();
    }

    /** The mode for {@code code}, or null when the code is not one the spec defines. */
    public static SenderSettleMode valueOf(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }
}
