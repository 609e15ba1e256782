package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** The released outcome: the message was not and will not be processed; it may be redelivered ({@code messaging.xml#type-released}). */
public final class Released extends CompositeType implements Outcome {
    public static final long DESCRIPTOR_CODE = 0x26L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:released:list");
    /** The one value of this type: it has no fields. */
    public static final Released INSTANCE = new Released();

    private static final String[] FIELDS = {};

    private Released() {}

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
        return 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {}

    public static Released decode(Decoder d, ByteBuf b, int ctor) {
        d.beginComposite(b, ctor, "amqp:released:list");
        d.endComposite(b, 0, "amqp:released:list");
        return INSTANCE;
    }
}
