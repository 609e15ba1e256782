package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * The modified outcome: the message was not processed and should be redelivered with changes
 * ({@code messaging.xml#type-modified}).
 */
public final class Modified extends CompositeType implements Outcome {
    public static final long DESCRIPTOR_CODE = 0x27L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:modified:list");
    private static final String NAME = "modified";
    private static final String[] FIELDS = {"delivery-failed", "undeliverable-here", "message-annotations"};

    private final boolean deliveryFailed;
    private final boolean undeliverableHere;
    private final Map<Symbol, Object> messageAnnotations;

    public Modified(boolean deliveryFailed, boolean undeliverableHere) {
        this(deliveryFailed, undeliverableHere, null);
    }

    /** Absent booleans mean false, so false is written as absent. */
    public Modified(boolean deliveryFailed, boolean undeliverableHere, Map<Symbol, Object> messageAnnotations) {
        this.deliveryFailed = deliveryFailed;
        this.undeliverableHere = undeliverableHere;
        this.messageAnnotations = messageAnnotations;
    }

    /** Whether to count the transfer as an unsuccessful delivery attempt (absent means false). */
    public boolean deliveryFailed() {
        return deliveryFailed;
    }

    /** Whether the message must not be redelivered to this link endpoint (absent means false). */
    public boolean undeliverableHere() {
        return undeliverableHere;
    }

    /** Annotations to merge into the message's message-annotations, or null. */
    public Map<Symbol, Object> messageAnnotations() {
        return messageAnnotations;
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
        return messageAnnotations != null ? 3 : undeliverableHere ? 2 : deliveryFailed ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        writeFlag(b, deliveryFailed);
        if (count > 1) {
            writeFlag(b, undeliverableHere);
        }
        if (count > 2) {
            Encoder.writeMap(b, messageAnnotations);
        }
    }

    private static void writeFlag(ByteBuf b, boolean flag) {
        if (flag) {
            Encoder.writeBoolean(b, true);
        } else {
            Encoder.writeNull(b);
        }
    }

    public static Modified decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        boolean failed = n > 0 && d.readBoolean(b, "modified.delivery-failed", false);
        boolean here = n > 1 && d.readBoolean(b, "modified.undeliverable-here", false);
        Map<Symbol, Object> annotations = n > 2 ? d.readFields(b, "modified.message-annotations") : null;
        d.endComposite(b, 3, NAME);
        return new Modified(failed, here, annotations);
    }
}
