package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** End the session, with an optional error ({@code transport.xml#type-end}). */
public final class End extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x17L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:end:list");
    private static final String NAME = "end";
    private static final String[] FIELDS = {"error"};

    private ErrorCondition error;

    public End() {}

    public End(ErrorCondition error) {
        this.error = error;
    }

    public ErrorCondition error() {
        return error;
    }

    public End error(ErrorCondition error) {
        this.error = error;
        return this;
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

    public static End decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        ErrorCondition error = n > 0 ? d.readDescribed(b, ErrorCondition.class, "end.error") : null;
        d.endComposite(b, 1, NAME);
        return new End(error);
    }
}
