package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** The accepted outcome: the message was processed ({@code messaging.xml#type-accepted}). */
public final class Accepted extends CompositeType implements Outcome {
    public static final long DESCRIPTOR_CODE = 0x24L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:accepted:list");
    /** The one value of this type: it has no fields. */
    public static final Accepted INSTANCE = new Accepted();

    private static final String[] FIELDS = {};

    private Accepted() {}

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

    public static Accepted decode(Decoder d, ByteBuf b, int ctor) {
        d.beginComposite(b, ctor, "amqp:accepted:list");
        d.endComposite(b, 0, "amqp:accepted:list");
        return INSTANCE;
    }
}
