package io.ferrymq.codec.messaging;

/** What of a terminus survives ({@code messaging.xml#type-terminus-durability}), a uint. */
public enum TerminusDurability {
    /** No terminus state is retained durably. */
    NONE,
    /** Only the existence and configuration of the terminus is retained durably. */
    CONFIGURATION,
    /** In addition to the existence and configuration, the unsettled state is retained durably. */
    UNSETTLED_STATE;

    private static final TerminusDurability[] ALL = values();

    // The spec numbers the values in declaration order; the protonj2 interop tests compare the codes with its own.
    @SuppressWarnings("EnumOrdinal")
    public long code() {
        return ordinal();
    }

    /** The durability for {@code code}, or null when the code is not one the spec defines. */
    public static TerminusDurability valueOf(long code) {
        return code >= 0 && code < ALL.length ? ALL[(int) code] : null;
    }
}
