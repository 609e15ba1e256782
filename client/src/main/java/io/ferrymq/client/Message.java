package io.ferrymq.client;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.AmqpSequence;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Section;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AMQP message ({@code messaging.xml#section-message-format}): the header, the annotations,
 * the properties, the application properties, a typed body and the footer.
 *
 * <p>The body's type chooses its section: a {@code byte[]} is a data section, a
 * {@link #sequence(List) sequence} an amqp-sequence section, {@link #dataSections(List)}
 * several data sections, anything else (a {@code String}, a {@code Map}, a {@code List}, a
 * number, ...) one amqp-value section. A received message keeps its bytes and decodes them
 * when first asked for anything; {@link #body()} gives the body back in the same types
 * (binary values as {@code byte[]}).
 *
 * <p>A message is not thread-safe: fill it on one thread, then send it.
 *
 * @param <T> the body's type
 */
public final class Message<T> {
    /** What kind of body section(s) the message has. */
    public enum BodyKind {
        NONE,
        VALUE,
        DATA,
        SEQUENCE
    }

    // header
    private boolean durable;
    private int priority = Header.DEFAULT_PRIORITY;
    private long timeToLive = -1;
    private boolean firstAcquirer;
    private long deliveryCount;

    // properties
    private Object messageId;
    private byte[] userId;
    private String to;
    private String subject;
    private String replyTo;
    private Object correlationId;
    private String contentType;
    private String contentEncoding;
    private long absoluteExpiryTime = -1;
    private long creationTime = -1;
    private String groupId;
    private long groupSequence = -1;
    private String replyToGroupId;

    private Map<String, Object> deliveryAnnotations;
    private Map<String, Object> annotations;
    private Map<String, Object> applicationProperties;
    private Map<String, Object> footer;

    private BodyKind bodyKind = BodyKind.NONE;
    private Object body;
    /** All body sections' values, for several data or sequence sections. */
    private List<Object> bodySections;

    /** A received message's bytes, until decoded. */
    private byte[] encoded;

    Message() {}

    /** A message with no body. */
    public static Message<Void> create() {
        return new Message<>();
    }

    /**
     * A message with {@code body}: a {@code byte[]} goes as a data section, anything else as an
     * amqp-value section.
     */
    public static <T> Message<T> create(T body) {
        Message<T> m = new Message<>();
        m.body(body);
        return m;
    }

    /** A message whose body is one amqp-sequence section holding {@code values}. */
    public static Message<List<Object>> sequence(List<Object> values) {
        Message<List<Object>> m = new Message<>();
        m.bodyKind = BodyKind.SEQUENCE;
        m.body = values;
        m.bodySections = List.of(values);
        return m;
    }

    /** A message whose body is one data section for each array in {@code sections}. */
    public static Message<List<byte[]>> dataSections(List<byte[]> sections) {
        Message<List<byte[]>> m = new Message<>();
        m.bodyKind = BodyKind.DATA;
        m.body = sections;
        m.bodySections = new ArrayList<>(sections);
        return m;
    }

    /** A received message over its encoded bytes; nothing is decoded until asked for. */
    static Message<Object> decodeLater(byte[] bytes) {
        Message<Object> m = new Message<>();
        m.encoded = bytes;
        return m;
    }

    private void decoded() {
        if (encoded != null) {
            byte[] bytes = encoded;
            encoded = null;
            MessageCodec.decodeInto(this, bytes);
        }
    }

    // ------------------------------------------------------------------ body

    /**
     * The body: a {@code String}, {@code Map}, {@code List}, {@code byte[]} (one data section, or an
     * amqp-value binary) and so on; for several data sections, a {@code List<byte[]>}; for
     * amqp-sequence sections, the {@code List} of the first. Null for no body.
     */
    @SuppressWarnings("unchecked")
    public T body() {
        decoded();
        return (T) body;
    }

    /** Sets the body; its type chooses the section, as {@link #create(Object)} says. */
    public Message<T> body(T body) {
        decoded();
        this.body = body;
        this.bodySections = null;
        this.bodyKind = body == null ? BodyKind.NONE : body instanceof byte[] ? BodyKind.DATA : BodyKind.VALUE;
        return this;
    }

    public BodyKind bodyKind() {
        decoded();
        return bodyKind;
    }

    /**
     * The values of every body section: for data sections each {@code byte[]}, for amqp-sequence
     * sections each {@code List}, for an amqp-value its value.
     */
    public List<Object> bodySections() {
        decoded();
        if (bodySections != null) {
            return Collections.unmodifiableList(bodySections);
        }
        return body == null ? List.of() : List.of(body);
    }

    void decodedBody(BodyKind kind, List<Object> sections) {
        this.bodyKind = kind;
        this.bodySections = sections;
        if (kind == BodyKind.NONE) {
            body = null;
        } else if (kind == BodyKind.DATA && sections.size() > 1) {
            body = new ArrayList<>(sections);
        } else {
            body = sections.get(0);
        }
    }

    // ------------------------------------------------------------------ header

    public boolean durable() {
        decoded();
        return durable;
    }

    /** Whether the message must survive a server restart ({@code header.durable}). */
    public Message<T> durable(boolean durable) {
        decoded();
        this.durable = durable;
        return this;
    }

    public int priority() {
        decoded();
        return priority;
    }

    /** Relative priority, 0 to 255; 4 when not set. */
    public Message<T> priority(int priority) {
        decoded();
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority must be in [0, 255], not " + priority);
        }
        this.priority = priority;
        return this;
    }

    /** Time to live in milliseconds, or -1 when not set. */
    public long timeToLive() {
        decoded();
        return timeToLive;
    }

    public Message<T> timeToLive(long millis) {
        decoded();
        if (millis < -1 || millis > 0xffff_ffffL) {
            throw new IllegalArgumentException("time to live must be in [0, 4294967295] ms (or -1), not " + millis);
        }
        this.timeToLive = millis;
        return this;
    }

    public boolean firstAcquirer() {
        decoded();
        return firstAcquirer;
    }

    public Message<T> firstAcquirer(boolean firstAcquirer) {
        decoded();
        this.firstAcquirer = firstAcquirer;
        return this;
    }

    /** How many earlier deliveries of this message failed. */
    public long deliveryCount() {
        decoded();
        return deliveryCount;
    }

    public Message<T> deliveryCount(long count) {
        decoded();
        this.deliveryCount = count;
        return this;
    }

    // ------------------------------------------------------------------ properties

    public Object messageId() {
        decoded();
        return messageId;
    }

    /**
     * The message id: a String, UUID, byte[] or unsigned long ({@link io.ferrymq.codec.UnsignedLong};
     * a non-negative int or long is sent as one).
     */
    public Message<T> messageId(Object id) {
        decoded();
        this.messageId = id;
        return this;
    }

    public byte[] userId() {
        decoded();
        return userId;
    }

    public Message<T> userId(byte[] userId) {
        decoded();
        this.userId = userId;
        return this;
    }

    public String to() {
        decoded();
        return to;
    }

    public Message<T> to(String to) {
        decoded();
        this.to = to;
        return this;
    }

    public String subject() {
        decoded();
        return subject;
    }

    public Message<T> subject(String subject) {
        decoded();
        this.subject = subject;
        return this;
    }

    public String replyTo() {
        decoded();
        return replyTo;
    }

    public Message<T> replyTo(String replyTo) {
        decoded();
        this.replyTo = replyTo;
        return this;
    }

    public Object correlationId() {
        decoded();
        return correlationId;
    }

    public Message<T> correlationId(Object id) {
        decoded();
        this.correlationId = id;
        return this;
    }

    public String contentType() {
        decoded();
        return contentType;
    }

    public Message<T> contentType(String contentType) {
        decoded();
        this.contentType = contentType;
        return this;
    }

    public String contentEncoding() {
        decoded();
        return contentEncoding;
    }

    public Message<T> contentEncoding(String contentEncoding) {
        decoded();
        this.contentEncoding = contentEncoding;
        return this;
    }

    /** Milliseconds since the epoch when the message expires, or -1 when not set. */
    public long absoluteExpiryTime() {
        decoded();
        return absoluteExpiryTime;
    }

    public Message<T> absoluteExpiryTime(long epochMillis) {
        decoded();
        this.absoluteExpiryTime = epochMillis;
        return this;
    }

    /** Milliseconds since the epoch when the message was made, or -1 when not set. */
    public long creationTime() {
        decoded();
        return creationTime;
    }

    public Message<T> creationTime(long epochMillis) {
        decoded();
        this.creationTime = epochMillis;
        return this;
    }

    public String groupId() {
        decoded();
        return groupId;
    }

    public Message<T> groupId(String groupId) {
        decoded();
        this.groupId = groupId;
        return this;
    }

    /** The position in the group, or -1 when not set. */
    public long groupSequence() {
        decoded();
        return groupSequence;
    }

    public Message<T> groupSequence(long sequence) {
        decoded();
        this.groupSequence = sequence;
        return this;
    }

    public String replyToGroupId() {
        decoded();
        return replyToGroupId;
    }

    public Message<T> replyToGroupId(String id) {
        decoded();
        this.replyToGroupId = id;
        return this;
    }

    // ------------------------------------------------------------------ maps

    /** An application property ({@code application-properties}), or null. */
    public Object property(String name) {
        decoded();
        return applicationProperties == null ? null : applicationProperties.get(name);
    }

    /** Sets an application property: a simple value (string, number, boolean, ...). */
    public Message<T> property(String name, Object value) {
        decoded();
        if (applicationProperties == null) {
            applicationProperties = new LinkedHashMap<>();
        }
        applicationProperties.put(name, value);
        return this;
    }

    /** All application properties (a live, modifiable map). */
    public Map<String, Object> properties() {
        decoded();
        if (applicationProperties == null) {
            applicationProperties = new LinkedHashMap<>();
        }
        return applicationProperties;
    }

    void properties(Properties p) {
        messageId = MessageCodec.idIn(p.messageId());
        userId = p.userId() == null ? null : p.userId().toByteArray();
        to = p.to();
        subject = p.subject();
        replyTo = p.replyTo();
        correlationId = MessageCodec.idIn(p.correlationId());
        contentType = p.contentType() == null ? null : p.contentType().toString();
        contentEncoding =
                p.contentEncoding() == null ? null : p.contentEncoding().toString();
        absoluteExpiryTime = p.hasAbsoluteExpiryTime() ? p.absoluteExpiryTime() : -1;
        creationTime = p.hasCreationTime() ? p.creationTime() : -1;
        groupId = p.groupId();
        groupSequence = p.groupSequence();
        replyToGroupId = p.replyToGroupId();
    }

    /** A message annotation ({@code message-annotations}, keys are symbols), or null. */
    public Object annotation(String key) {
        decoded();
        return annotations == null ? null : annotations.get(key);
    }

    public Message<T> annotation(String key, Object value) {
        decoded();
        if (annotations == null) {
            annotations = new LinkedHashMap<>();
        }
        annotations.put(key, value);
        return this;
    }

    /** All message annotations (a live, modifiable map). */
    public Map<String, Object> annotations() {
        decoded();
        if (annotations == null) {
            annotations = new LinkedHashMap<>();
        }
        return annotations;
    }

    /** A delivery annotation ({@code delivery-annotations}), or null. */
    public Object deliveryAnnotation(String key) {
        decoded();
        return deliveryAnnotations == null ? null : deliveryAnnotations.get(key);
    }

    public Message<T> deliveryAnnotation(String key, Object value) {
        decoded();
        if (deliveryAnnotations == null) {
            deliveryAnnotations = new LinkedHashMap<>();
        }
        deliveryAnnotations.put(key, value);
        return this;
    }

    /** A footer entry, or null. */
    public Object footer(String key) {
        decoded();
        return footer == null ? null : footer.get(key);
    }

    public Message<T> footer(String key, Object value) {
        decoded();
        if (footer == null) {
            footer = new LinkedHashMap<>();
        }
        footer.put(key, value);
        return this;
    }

    // ------------------------------------------------------------------ codec access

    Header headerSection() {
        if (!durable && priority == Header.DEFAULT_PRIORITY && timeToLive < 0 && !firstAcquirer && deliveryCount == 0) {
            return null;
        }
        return new Header()
                .durable(durable)
                .priority(priority)
                .ttl(timeToLive)
                .firstAcquirer(firstAcquirer)
                .deliveryCount(deliveryCount);
    }

    void header(Header h) {
        durable = h.durable();
        priority = h.priority();
        timeToLive = h.ttl();
        firstAcquirer = h.firstAcquirer();
        deliveryCount = h.deliveryCount();
    }

    Properties propertiesSection() {
        if (messageId == null
                && userId == null
                && to == null
                && subject == null
                && replyTo == null
                && correlationId == null
                && contentType == null
                && contentEncoding == null
                && absoluteExpiryTime < 0
                && creationTime < 0
                && groupId == null
                && groupSequence < 0
                && replyToGroupId == null) {
            return null;
        }
        Properties p = new Properties()
                .messageId(MessageCodec.idOut(messageId))
                .to(to)
                .subject(subject)
                .replyTo(replyTo)
                .correlationId(MessageCodec.idOut(correlationId))
                .groupId(groupId)
                .replyToGroupId(replyToGroupId);
        if (userId != null) {
            p.userId(new Binary(userId));
        }
        if (contentType != null) {
            p.contentType(Symbol.valueOf(contentType));
        }
        if (contentEncoding != null) {
            p.contentEncoding(Symbol.valueOf(contentEncoding));
        }
        if (absoluteExpiryTime >= 0) {
            p.absoluteExpiryTime(absoluteExpiryTime);
        }
        if (creationTime >= 0) {
            p.creationTime(creationTime);
        }
        if (groupSequence >= 0) {
            p.groupSequence(groupSequence);
        }
        return p;
    }

    Map<String, Object> deliveryAnnotationsMap() {
        return deliveryAnnotations;
    }

    void deliveryAnnotationsMap(Map<String, Object> m) {
        deliveryAnnotations = m;
    }

    Map<String, Object> annotationsMap() {
        return annotations;
    }

    void annotationsMap(Map<String, Object> m) {
        annotations = m;
    }

    Map<String, Object> applicationPropertiesMap() {
        return applicationProperties;
    }

    void applicationPropertiesMap(Map<String, Object> m) {
        applicationProperties = m;
    }

    Map<String, Object> footerMap() {
        return footer;
    }

    void footerMap(Map<String, Object> m) {
        footer = m;
    }

    /** The body as the sections to encode. */
    List<Section> bodySectionsToEncode() {
        decoded();
        List<Section> out = new ArrayList<>(1);
        switch (bodyKind) {
            case NONE -> {}
            case VALUE -> out.add(new AmqpValue(MessageCodec.valueOut(body)));
            case DATA -> {
                if (bodySections != null) {
                    for (Object o : bodySections) {
                        out.add(new Data((byte[]) o));
                    }
                } else {
                    out.add(new Data((byte[]) body));
                }
            }
            case SEQUENCE -> {
                for (Object o : bodySections) {
                    @SuppressWarnings("unchecked")
                    List<Object> values = (List<Object>) o;
                    List<Object> converted = new ArrayList<>(values.size());
                    for (Object v : values) {
                        converted.add(MessageCodec.valueOut(v));
                    }
                    out.add(new AmqpSequence(converted));
                }
            }
        }
        return out;
    }

    /** The message's encoded bytes ({@code messaging.xml#section-message-format}). */
    public byte[] encode() {
        return MessageCodec.encode(this);
    }

    /** Decodes a message from its encoded bytes (lazily: the bytes are read when first asked for). */
    public static Message<Object> decode(byte[] bytes) {
        return decodeLater(bytes);
    }

    @Override
    public String toString() {
        decoded();
        StringBuilder sb = new StringBuilder("Message{");
        if (messageId != null) {
            sb.append("id=").append(messageId).append(", ");
        }
        if (durable) {
            sb.append("durable, ");
        }
        if (subject != null) {
            sb.append("subject=").append(subject).append(", ");
        }
        if (applicationProperties != null && !applicationProperties.isEmpty()) {
            sb.append("properties=").append(applicationProperties).append(", ");
        }
        Object b = body;
        sb.append("body=").append(b instanceof byte[] a ? "byte[" + a.length + "]" : String.valueOf(b));
        return sb.append('}').toString();
    }
}
