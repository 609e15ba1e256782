package io.ferrymq.codec.transactions;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Message body asking a coordinator to declare a transaction ({@code transactions.xml#type-declare}). */
public final class Declare extends CompositeType {
    public static final long DESCRIPTOR_CODE = 0x31L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:declare:list");
    private static final String NAME = "declare";
    private static final String[] FIELDS = {"global-id"};

    private Object globalId;

    /** The global transaction id, for distributed transactions (not supported by the spec yet); null for local ones. */
    public Object globalId() {
        return globalId;
    }

    public Declare globalId(Object globalId) {
        this.globalId = globalId;
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
        return globalId != null ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeObject(b, globalId);
    }

    public static Declare decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Declare o = new Declare();
        if (n > 0) {
            o.globalId = d.readAny(b, "declare.global-id");
        }
        d.endComposite(b, 1, NAME);
        return o;
    }
}
