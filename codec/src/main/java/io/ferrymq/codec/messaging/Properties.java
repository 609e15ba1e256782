package io.ferrymq.codec.messaging;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.netty.buffer.ByteBuf;
import java.util.UUID;

/**
 * Immutable properties of the bare message ({@code messaging.xml#type-properties}). Message and
 * correlation ids are a {@link UnsignedLong}, {@link UUID}, {@link Binary} or {@link String}
 * ({@code messaging.xml#doc-message-id}). Timestamps are milliseconds since the epoch; use
 * {@link #hasAbsoluteExpiryTime()} and friends to tell an absent one from zero.
 */
public final class Properties extends CompositeType implements Section {
    public static final long DESCRIPTOR_CODE = 0x73L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:properties:list");
    private static final String NAME = "properties";
    private static final String[] FIELDS = {
        "message-id",
        "user-id",
        "to",
        "subject",
        "reply-to",
        "correlation-id",
        "content-type",
        "content-encoding",
        "absolute-expiry-time",
        "creation-time",
        "group-id",
        "group-sequence",
        "reply-to-group-id"
    };

    private Object messageId;
    private Binary userId;
    private String to;
    private String subject;
    private String replyTo;
    private Object correlationId;
    private Symbol contentType;
    private Symbol contentEncoding;
    private boolean hasAbsoluteExpiryTime;
    private long absoluteExpiryTime;
    private boolean hasCreationTime;
    private long creationTime;
    private String groupId;
    private long groupSequence = -1;
    private String replyToGroupId;

    public Object messageId() {
        return messageId;
    }

    public Properties messageId(Object id) {
        this.messageId = checkId(id, "message-id");
        return this;
    }

    public Binary userId() {
        return userId;
    }

    public Properties userId(Binary userId) {
        this.userId = userId;
        return this;
    }

    public String to() {
        return to;
    }

    public Properties to(String to) {
        this.to = to;
        return this;
    }

    public String subject() {
        return subject;
    }

    public Properties subject(String subject) {
        this.subject = subject;
        return this;
    }

    public String replyTo() {
        return replyTo;
    }

    public Properties replyTo(String replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    public Object correlationId() {
        return correlationId;
    }

    public Properties correlationId(Object id) {
        this.correlationId = checkId(id, "correlation-id");
        return this;
    }

    public Symbol contentType() {
        return contentType;
    }

    public Properties contentType(Symbol contentType) {
        this.contentType = contentType;
        return this;
    }

    public Symbol contentEncoding() {
        return contentEncoding;
    }

    public Properties contentEncoding(Symbol contentEncoding) {
        this.contentEncoding = contentEncoding;
        return this;
    }

    public boolean hasAbsoluteExpiryTime() {
        return hasAbsoluteExpiryTime;
    }

    /** When the message expires, in milliseconds since the epoch; 0 when absent. */
    public long absoluteExpiryTime() {
        return absoluteExpiryTime;
    }

    public Properties absoluteExpiryTime(long epochMillis) {
        this.absoluteExpiryTime = epochMillis;
        this.hasAbsoluteExpiryTime = true;
        return this;
    }

    public Properties clearAbsoluteExpiryTime() {
        this.absoluteExpiryTime = 0;
        this.hasAbsoluteExpiryTime = false;
        return this;
    }

    public boolean hasCreationTime() {
        return hasCreationTime;
    }

    /** When the message was created, in milliseconds since the epoch; 0 when absent. */
    public long creationTime() {
        return creationTime;
    }

    public Properties creationTime(long epochMillis) {
        this.creationTime = epochMillis;
        this.hasCreationTime = true;
        return this;
    }

    public Properties clearCreationTime() {
        this.creationTime = 0;
        this.hasCreationTime = false;
        return this;
    }

    public String groupId() {
        return groupId;
    }

    public Properties groupId(String groupId) {
        this.groupId = groupId;
        return this;
    }

    /** The message's position in its group (a uint), or -1 when absent. */
    public long groupSequence() {
        return groupSequence;
    }

    public Properties groupSequence(long sequence) {
        if (sequence < -1 || sequence > 0xffff_ffffL) {
            throw new IllegalArgumentException("group-sequence is a uint (or -1 for absent), not " + sequence);
        }
        this.groupSequence = sequence;
        return this;
    }

    public String replyToGroupId() {
        return replyToGroupId;
    }

    public Properties replyToGroupId(String replyToGroupId) {
        this.replyToGroupId = replyToGroupId;
        return this;
    }

    private static Object checkId(Object id, String field) {
        if (id == null
                || id instanceof String
                || id instanceof UUID
                || id instanceof Binary
                || id instanceof UnsignedLong) {
            return id;
        }
        throw new IllegalArgumentException(field + " is a ulong, uuid, binary or string, not a "
                + id.getClass().getName());
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    @Override
    public Symbol descriptorSymbol() {
        return DESCRIPTOR_SYMBOL;
    }

    @Override
    protected String[] fieldNames() {
        return FIELDS;
    }

    @Override
    protected int fieldCount() {
        if (replyToGroupId != null) {
            return 13;
        } else if (groupSequence >= 0) {
            return 12;
        } else if (groupId != null) {
            return 11;
        } else if (hasCreationTime) {
            return 10;
        } else if (hasAbsoluteExpiryTime) {
            return 9;
        } else if (contentEncoding != null) {
            return 8;
        } else if (contentType != null) {
            return 7;
        } else if (correlationId != null) {
            return 6;
        } else if (replyTo != null) {
            return 5;
        } else if (subject != null) {
            return 4;
        } else if (to != null) {
            return 3;
        } else if (userId != null) {
            return 2;
        }
        return messageId != null ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeObject(b, messageId);
        if (count > 1) {
            Encoder.writeBinary(b, userId);
        }
        if (count > 2) {
            Encoder.writeString(b, to);
        }
        if (count > 3) {
            Encoder.writeString(b, subject);
        }
        if (count > 4) {
            Encoder.writeString(b, replyTo);
        }
        if (count > 5) {
            Encoder.writeObject(b, correlationId);
        }
        if (count > 6) {
            Encoder.writeSymbol(b, contentType);
        }
        if (count > 7) {
            Encoder.writeSymbol(b, contentEncoding);
        }
        if (count > 8) {
            writeTimestamp(b, hasAbsoluteExpiryTime, absoluteExpiryTime);
        }
        if (count > 9) {
            writeTimestamp(b, hasCreationTime, creationTime);
        }
        if (count > 10) {
            Encoder.writeString(b, groupId);
        }
        if (count > 11) {
            Encoder.writeUIntOrNull(b, groupSequence);
        }
        if (count > 12) {
            Encoder.writeString(b, replyToGroupId);
        }
    }

    private static void writeTimestamp(ByteBuf b, boolean present, long millis) {
        if (present) {
            Encoder.writeTimestamp(b, millis);
        } else {
            Encoder.writeNull(b);
        }
    }

    public static Properties decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Properties p = new Properties();
        if (n > 0) {
            p.messageId = readId(d, b, "properties.message-id");
        }
        if (n > 1) {
            p.userId = d.readBinary(b, "properties.user-id");
        }
        if (n > 2) {
            p.to = d.readString(b, "properties.to");
        }
        if (n > 3) {
            p.subject = d.readString(b, "properties.subject");
        }
        if (n > 4) {
            p.replyTo = d.readString(b, "properties.reply-to");
        }
        if (n > 5) {
            p.correlationId = readId(d, b, "properties.correlation-id");
        }
        if (n > 6) {
            p.contentType = d.readSymbol(b, "properties.content-type");
        }
        if (n > 7) {
            p.contentEncoding = d.readSymbol(b, "properties.content-encoding");
        }
        if (n > 8) {
            long t = d.readTimestamp(b, "properties.absolute-expiry-time", Long.MIN_VALUE);
            if (t != Long.MIN_VALUE) {
                p.absoluteExpiryTime(t);
            }
        }
        if (n > 9) {
            long t = d.readTimestamp(b, "properties.creation-time", Long.MIN_VALUE);
            if (t != Long.MIN_VALUE) {
                p.creationTime(t);
            }
        }
        if (n > 10) {
            p.groupId = d.readString(b, "properties.group-id");
        }
        if (n > 11) {
            p.groupSequence = d.readUInt(b, "properties.group-sequence");
        }
        if (n > 12) {
            p.replyToGroupId = d.readString(b, "properties.reply-to-group-id");
        }
        d.endComposite(b, 13, NAME);
        return p;
    }

    private static Object readId(Decoder d, ByteBuf b, String field) {
        Object id = d.readAny(b, field);
        if (id == null
                || id instanceof String
                || id instanceof UUID
                || id instanceof Binary
                || id instanceof UnsignedLong) {
            return id;
        }
        throw new DecodeException(
                field + ": a message id is a ulong, uuid, binary or string, not a "
                        + id.getClass().getSimpleName(),
                d.position(b));
    }
}
