package io.ferrymq.engine;

import io.netty.buffer.ByteBuf;

/**
 * The eight-byte header that starts each protocol layer: "AMQP", a protocol id, and version
 * 1.0.0 ({@code transport.xml#doc-protocol-header}, {@code security.xml#doc-tls} and
 * {@code security.xml#doc-sasl}).
 */
public enum ProtocolHeader {
    AMQP(0),
    TLS(2),
    SASL(3);

    /** Length of a protocol header in bytes. */
    public static final int LENGTH = 8;

    private final int id;

    ProtocolHeader(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public void write(ByteBuf b) {
        b.writeInt(0x414d5150); // "AMQP"
        b.writeByte(id);
        b.writeByte(1);
        b.writeByte(0);
        b.writeByte(0);
    }

    public byte[] bytes() {
        return new byte[] {'A', 'M', 'Q', 'P', (byte) id, 1, 0, 0};
    }

    /**
     * The header at {@code b}'s reader index (8 readable bytes), or null when the bytes are not
     * a header for AMQP 1.0.0 with a known id.
     */
    public static ProtocolHeader parse(ByteBuf b) {
        int at = b.readerIndex();
        if (b.getInt(at) != 0x414d5150 || b.getByte(at + 5) != 1 || b.getByte(at + 6) != 0 || b.getByte(at + 7) != 0) {
            return null;
        }
        return switch (b.getByte(at + 4)) {
            case 0 -> AMQP;
            case 2 -> TLS;
            case 3 -> SASL;
            default -> null;
        };
    }
}
