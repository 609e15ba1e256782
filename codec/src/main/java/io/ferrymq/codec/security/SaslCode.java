package io.ferrymq.codec.security;

/** The outcome of a SASL exchange, a ubyte ({@code security.xml#type-sasl-code}). */
public enum SaslCode {
    /** Connection authentication succeeded. */
    OK,
    /** Connection authentication failed due to an unspecified problem with the supplied credentials. */
    AUTH,
    /** Connection authentication failed due to a system error. */
    SYS,
    /** Connection authentication failed due to a system error that is unlikely to be corrected without intervention. */
    SYS_PERM,
    /** Connection authentication failed due to a transient system error. */
    SYS_TEMP;

    private static final SaslCode[] ALL = values();

    // The spec numbers the codes in declaration order (security.xml#type-sasl-code).
    @SuppressWarnings("EnumOrdinal")
    public int code() {
        return ordinal();
    }

    /** The code for {@code code}, or null when the spec defines none. */
    public static SaslCode valueOf(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }
}
