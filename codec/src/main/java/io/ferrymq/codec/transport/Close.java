package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Signal a connection close, with an optional error ({@code transport.xml#type-close}). */
public final class Close extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x18L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:close:list");
    private static final String NAME = "close";
    private static final String[] FIELDS = {"error"};

    private ErrorCondition error;

    public Close() {}

    public Close(ErrorCondition error) {
        this.error = error;
    }

    public ErrorCondition error() {
        return error;
    }

    public Close error(ErrorCondition error) {
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

    public static Close decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        ErrorCondition error = n > 0 ? d.readDescribed(b, ErrorCondition.class, "close.error") : null;
        d.endComposite(b, 1, NAME);
        return new Close(error);
    }
}
