package io.ferrymq.codec.transport;

/** Link endpoint role, encoded as a boolean ({@code transport.xml#type-role}). */
public enum Role {
    SENDER(false),
    RECEIVER(true);

    private final boolean encoding;

    Role(boolean encoding) {
        this.encoding = encoding;
    }

    public boolean encoding() {
        return encoding;
    }

    public static Role valueOf(boolean encoding) {
        return encoding ? RECEIVER : SENDER;
    }

    public Role opposite() {
        return this == SENDER ? RECEIVER : SENDER;
    }
}
