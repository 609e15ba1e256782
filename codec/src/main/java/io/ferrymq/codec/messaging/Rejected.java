package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** The rejected outcome: the message is invalid and cannot be processed ({@code messaging.xml#type-rejected}). */
public final class Rejected extends CompositeType implements Outcome {
    public static final long DESCRIPTOR_CODE = 0x25L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:rejected:list");
    private static final String NAME = "rejected";
    private static final String[] FIELDS = {"error"};

    private final ErrorCondition error;

    public Rejected() {
        this(null);
    }

    public Rejected(ErrorCondition error) {
        this.error = error;
    }

    /** Why the message was rejected, or null. */
    public ErrorCondition error() {
        return error;
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
        return error != null ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeObject(b, error);
    }

    public static Rejected decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        ErrorCondition error = n > 0 ? d.readDescribed(b, ErrorCondition.class, "rejected.error") : null;
        d.endComposite(b, 1, NAME);
        return new Rejected(error);
    }
}
