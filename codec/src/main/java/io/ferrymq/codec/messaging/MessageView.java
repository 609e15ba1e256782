package io.ferrymq.codec.messaging;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encodings;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.TypeCode;
import io.ferrymq.codec.UnsignedLong;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.Arrays;
import java.util.Map;

/**
 * A view over the encoded bytes of a message ({@code messaging.xml#section-message-format}) for
 * brokers and routers: it finds each section's boundaries without decoding bodies, decodes
 * only the sections asked for, and re-encodes a changed header or message-annotations section
 * in front of the untouched remaining bytes (bytes flow once).
 *
 * <p>The view does not own the buffer: it reads it from its reader index to its writer index
 * and keeps the indices it found. It checks the sections' order as the spec gives it (header,
 * delivery-annotations, message-annotations, properties, application-properties, body,
 * footer) and that the body is one amqp-value, one or more amqp-sequence, or one or more data
 * sections.
 */
public final class MessageView {
    private static final int MAX_DESCRIPTOR_DEPTH = 4;
    private static final Map<Symbol, Long> SECTION_SYMBOLS = Map.of(
            Header.DESCRIPTOR_SYMBOL, Header.DESCRIPTOR_CODE,
            DeliveryAnnotations.DESCRIPTOR_SYMBOL, DeliveryAnnotations.DESCRIPTOR_CODE,
            MessageAnnotations.DESCRIPTOR_SYMBOL, MessageAnnotations.DESCRIPTOR_CODE,
            Properties.DESCRIPTOR_SYMBOL, Properties.DESCRIPTOR_CODE,
            ApplicationProperties.DESCRIPTOR_SYMBOL, ApplicationProperties.DESCRIPTOR_CODE,
            Data.DESCRIPTOR_SYMBOL, Data.DESCRIPTOR_CODE,
            AmqpSequence.DESCRIPTOR_SYMBOL, AmqpSequence.DESCRIPTOR_CODE,
            AmqpValue.DESCRIPTOR_SYMBOL, AmqpValue.DESCRIPTOR_CODE,
            Footer.DESCRIPTOR_SYMBOL, Footer.DESCRIPTOR_CODE);

    /** Sections, in their spec order; body kinds share one slot. */
    private static final int HEADER = 0;

    private static final int DELIVERY_ANNOTATIONS = 1;
    private static final int MESSAGE_ANNOTATIONS = 2;
    private static final int PROPERTIES = 3;
    private static final int APPLICATION_PROPERTIES = 4;
    private static final int BODY = 5;
    private static final int FOOTER = 6;
    private static final String[] SLOT_NAMES = {
        "header",
        "delivery-annotations",
        "message-annotations",
        "properties",
        "application-properties",
        "body",
        "footer"
    };

    private final ByteBuf buffer;
    private final int start;
    private final int end;
    private final int[] sectionStart = new int[7];
    private final int[] sectionEnd = new int[7];
    private long bodyCode = -1;
    private int bodySections;

    private Header header;
    private Properties properties;

    private MessageView(ByteBuf buffer) {
        this.buffer = buffer;
        this.start = buffer.readerIndex();
        this.end = buffer.writerIndex();
        Arrays.fill(sectionStart, -1);
        Arrays.fill(sectionEnd, -1);
    }

    /**
     * Finds the sections of the message encoded in {@code buffer}'s readable bytes.
     *
     * @throws DecodeException when the bytes are not a well-formed sequence of message sections
     */
    public static MessageView parse(ByteBuf buffer, Decoder decoder) {
        MessageView view = new MessageView(buffer);
        view.scan(decoder);
        return view;
    }

    private void scan(Decoder decoder) {
        int p = start;
        int lastSlot = -1;
        while (p < end) {
            int sectionBegin = p;
            if (buffer.getUnsignedByte(p) != TypeCode.DESCRIBED) {
                throw new DecodeException("message section is not a described value", p);
            }
            int descriptorEnd = Encodings.valueEnd(buffer, p + 1, MAX_DESCRIPTOR_DEPTH);
            long code = sectionCode(decoder, p + 1, descriptorEnd);
            int valueEnd = Encodings.valueEnd(buffer, descriptorEnd, MAX_DESCRIPTOR_DEPTH);
            int slot = slotOf(code, p);
            if (slot < lastSlot || (slot == lastSlot && slot != BODY)) {
                throw new DecodeException(
                        SLOT_NAMES[slot] + " section out of order (after " + SLOT_NAMES[lastSlot] + ")", p);
            }
            if (slot == BODY) {
                if (bodyCode >= 0 && (bodyCode != code || code == AmqpValue.DESCRIPTOR_CODE)) {
                    throw new DecodeException(
                            "a message body is one amqp-value, or data sections, or"
                                    + " amqp-sequence sections, not a mixture",
                            p);
                }
                bodyCode = code;
                bodySections++;
                if (sectionStart[BODY] < 0) {
                    sectionStart[BODY] = sectionBegin;
                }
            } else {
                sectionStart[slot] = sectionBegin;
            }
            sectionEnd[slot] = valueEnd;
            lastSlot = slot;
            p = valueEnd;
        }
    }

    private long sectionCode(Decoder decoder, int descriptorStart, int descriptorEnd) {
        int ctor = buffer.getUnsignedByte(descriptorStart);
        if (ctor == TypeCode.SMALLULONG) {
            return buffer.getUnsignedByte(descriptorStart + 1);
        }
        if (ctor == TypeCode.ULONG) {
            return buffer.getLong(descriptorStart + 1);
        }
        Object descriptor = decoder.readObject(buffer.slice(descriptorStart, descriptorEnd - descriptorStart));
        if (descriptor instanceof UnsignedLong u) {
            return u.longBits();
        }
        if (descriptor instanceof Symbol s) {
            Long code = SECTION_SYMBOLS.get(s);
            if (code != null) {
                return code;
            }
        }
        throw new DecodeException("not a message section: descriptor " + descriptor, descriptorStart);
    }

    private static int slotOf(long code, int offset) {
        if (code == Header.DESCRIPTOR_CODE) {
            return HEADER;
        } else if (code == DeliveryAnnotations.DESCRIPTOR_CODE) {
            return DELIVERY_ANNOTATIONS;
        } else if (code == MessageAnnotations.DESCRIPTOR_CODE) {
            return MESSAGE_ANNOTATIONS;
        } else if (code == Properties.DESCRIPTOR_CODE) {
            return PROPERTIES;
        } else if (code == ApplicationProperties.DESCRIPTOR_CODE) {
            return APPLICATION_PROPERTIES;
        } else if (code == Data.DESCRIPTOR_CODE
                || code == AmqpSequence.DESCRIPTOR_CODE
                || code == AmqpValue.DESCRIPTOR_CODE) {
            return BODY;
        } else if (code == Footer.DESCRIPTOR_CODE) {
            return FOOTER;
        }
        throw new DecodeException("not a message section: descriptor code 0x" + Long.toHexString(code), offset);
    }

    // ------------------------------------------------------------------ boundaries

    public boolean hasHeader() {
        return sectionStart[HEADER] >= 0;
    }

    public boolean hasDeliveryAnnotations() {
        return sectionStart[DELIVERY_ANNOTATIONS] >= 0;
    }

    public boolean hasMessageAnnotations() {
        return sectionStart[MESSAGE_ANNOTATIONS] >= 0;
    }

    public boolean hasProperties() {
        return sectionStart[PROPERTIES] >= 0;
    }

    public boolean hasApplicationProperties() {
        return sectionStart[APPLICATION_PROPERTIES] >= 0;
    }

    public boolean hasFooter() {
        return sectionStart[FOOTER] >= 0;
    }

    /** The descriptor code of the body sections (data, amqp-sequence or amqp-value), or -1 when there is no body. */
    public long bodyCode() {
        return bodyCode;
    }

    /** How many body sections there are (several data or amqp-sequence sections are allowed). */
    public int bodySectionCount() {
        return bodySections;
    }

    /** Total encoded size of the message. */
    public int size() {
        return end - start;
    }

    /** Index in the buffer where the bare message (properties onwards) begins. */
    public int bareMessageStart() {
        for (int slot = PROPERTIES; slot <= FOOTER; slot++) {
            if (sectionStart[slot] >= 0) {
                return sectionStart[slot];
            }
        }
        return end;
    }

    /** The encoded body sections, as a slice sharing the buffer's memory, or an empty slice. */
    public ByteBuf body() {
        if (sectionStart[BODY] < 0) {
            return buffer.slice(end, 0);
        }
        return buffer.slice(sectionStart[BODY], sectionEnd[BODY] - sectionStart[BODY]);
    }

    /** The bytes of the header section, or an empty slice when there is none. */
    public ByteBuf headerBytes() {
        return slotSlice(HEADER);
    }

    /** The bytes of the message-annotations section, or an empty slice. */
    public ByteBuf messageAnnotationsBytes() {
        return slotSlice(MESSAGE_ANNOTATIONS);
    }

    private ByteBuf slotSlice(int slot) {
        if (sectionStart[slot] < 0) {
            return buffer.slice(end, 0);
        }
        return buffer.slice(sectionStart[slot], sectionEnd[slot] - sectionStart[slot]);
    }

    // ------------------------------------------------------------------ decoding on demand

    /** The header, decoded on first use; a default header when the message has none. */
    public Header header(Decoder decoder) {
        if (header == null) {
            header = hasHeader() ? decodeSlot(decoder, HEADER, Header.class) : new Header();
        }
        return header;
    }

    public DeliveryAnnotations deliveryAnnotations(Decoder decoder) {
        return hasDeliveryAnnotations() ? decodeSlot(decoder, DELIVERY_ANNOTATIONS, DeliveryAnnotations.class) : null;
    }

    public MessageAnnotations messageAnnotations(Decoder decoder) {
        return hasMessageAnnotations() ? decodeSlot(decoder, MESSAGE_ANNOTATIONS, MessageAnnotations.class) : null;
    }

    /** The properties, decoded on first use, or null when the message has none. */
    public Properties properties(Decoder decoder) {
        if (properties == null && hasProperties()) {
            properties = decodeSlot(decoder, PROPERTIES, Properties.class);
        }
        return properties;
    }

    /**
     * Checks the application-properties section in place, allocating nothing: a map whose every key is a string and
     * every value a simple type (messaging.xml#type-application-properties: "The keys of this map are restricted to be
     * of type string ... and the values are restricted to be of simple types only, that is, excluding map, list, and
     * array types"), each of them whole within the section. A broker that routes and selects on these properties
     * checks them before it stores the message, so that a malformed one (a string that claims more bytes than the
     * message holds, a nested structure) is refused with amqp:decode-error instead of reaching its consumers.
     *
     * @throws DecodeException when the section breaks a rule
     */
    public void checkApplicationProperties() {
        if (!hasApplicationProperties()) {
            return;
        }
        int p = Encodings.valueEnd(buffer, sectionStart[APPLICATION_PROPERTIES] + 1, MAX_DESCRIPTOR_DEPTH);
        int end = sectionEnd[APPLICATION_PROPERTIES];
        int ctor = buffer.getUnsignedByte(p);
        long count;
        int entries;
        if (ctor == TypeCode.NULL) {
            return;
        } else if (ctor == TypeCode.MAP8) {
            count = buffer.getUnsignedByte(p + 2);
            entries = p + 3;
        } else if (ctor == TypeCode.MAP32) {
            count = buffer.getUnsignedInt(p + 5);
            entries = p + 9;
        } else {
            throw new DecodeException("application-properties must be a map, not " + TypeCode.describe(ctor), p);
        }
        if (count % 2 != 0) {
            throw new DecodeException("application-properties map has an odd count of " + count, p);
        }
        int q = entries;
        for (long i = 0; i < count; i++) {
            if (q >= end) {
                throw new DecodeException("application-properties map holds fewer entries than its count", q);
            }
            int c = buffer.getUnsignedByte(q);
            if (i % 2 == 0 && c != TypeCode.STR8 && c != TypeCode.STR32) {
                throw new DecodeException(
                        "an application-properties key must be a string, not " + TypeCode.describe(c), q);
            }
            if (i % 2 == 1
                    && (c == TypeCode.DESCRIBED
                            || c == TypeCode.LIST0
                            || c == TypeCode.LIST8
                            || c == TypeCode.LIST32
                            || c == TypeCode.MAP8
                            || c == TypeCode.MAP32
                            || c == TypeCode.ARRAY8
                            || c == TypeCode.ARRAY32)) {
                throw new DecodeException(
                        "an application-properties value must be of a simple type, not " + TypeCode.describe(c), q);
            }
            q = Encodings.valueEnd(buffer, q, 0, end);
        }
        if (q != end) {
            throw new DecodeException("application-properties map does not end where its size says", q);
        }
    }

    public ApplicationProperties applicationProperties(Decoder decoder) {
        return hasApplicationProperties()
                ? decodeSlot(decoder, APPLICATION_PROPERTIES, ApplicationProperties.class)
                : null;
    }

    public Footer footer(Decoder decoder) {
        return hasFooter() ? decodeSlot(decoder, FOOTER, Footer.class) : null;
    }

    private <T> T decodeSlot(Decoder decoder, int slot, Class<T> type) {
        ByteBuf slice = buffer.slice(sectionStart[slot], sectionEnd[slot] - sectionStart[slot]);
        return decoder.readObject(slice, type, SLOT_NAMES[slot]);
    }

    // ------------------------------------------------------------------ splicing

    /**
     * The message with a new header and message-annotations re-encoded in front of the
     * untouched bytes of the rest: delivery-annotations (when {@code keepDeliveryAnnotations})
     * and everything from properties on. A null header or annotations leaves that section out.
     * The result is a composite buffer over a new prefix and a retained slice of this view's
     * buffer; the caller releases it.
     */
    public ByteBuf splice(
            ByteBufAllocator alloc,
            Header newHeader,
            boolean keepDeliveryAnnotations,
            MessageAnnotations newAnnotations) {
        return splice(alloc, newHeader, keepDeliveryAnnotations, newAnnotations, null);
    }

    /**
     * As {@link #splice(ByteBufAllocator, Header, boolean, MessageAnnotations)}, with the
     * properties section replaced by {@code newProperties} when it is not null. That changes the
     * bare message, which only the originator of a message may do: a broker does it for the copy
     * it makes of an expired message, which must not carry the original's expiry time.
     */
    public ByteBuf splice(
            ByteBufAllocator alloc,
            Header newHeader,
            boolean keepDeliveryAnnotations,
            MessageAnnotations newAnnotations,
            Properties newProperties) {
        ByteBuf prefix = alloc.buffer(64);
        if (newHeader != null) {
            newHeader.encode(prefix);
        }
        if (keepDeliveryAnnotations && hasDeliveryAnnotations()) {
            prefix.writeBytes(
                    buffer,
                    sectionStart[DELIVERY_ANNOTATIONS],
                    sectionEnd[DELIVERY_ANNOTATIONS] - sectionStart[DELIVERY_ANNOTATIONS]);
        }
        if (newAnnotations != null) {
            newAnnotations.encode(prefix);
        }
        int bare = bareMessageStart();
        if (newProperties != null) {
            newProperties.encode(prefix);
            bare = firstAfter(PROPERTIES);
        }
        CompositeByteBuf result = alloc.compositeBuffer(2);
        result.addComponent(true, prefix);
        if (bare < end) {
            result.addComponent(true, buffer.retainedSlice(bare, end - bare));
        }
        return result;
    }

    /**
     * The message with only its header replaced (for example a new delivery-count), every other
     * section kept as the bytes it arrived as.
     */
    public ByteBuf withHeader(ByteBufAllocator alloc, Header newHeader) {
        ByteBuf prefix = alloc.buffer(32);
        newHeader.encode(prefix);
        int rest = firstAfter(HEADER);
        CompositeByteBuf result = alloc.compositeBuffer(2);
        result.addComponent(true, prefix);
        if (rest < end) {
            result.addComponent(true, buffer.retainedSlice(rest, end - rest));
        }
        return result;
    }

    private int firstAfter(int slot) {
        for (int s = slot + 1; s <= FOOTER; s++) {
            if (sectionStart[s] >= 0) {
                return sectionStart[s];
            }
        }
        return end;
    }
}
