package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Delete the node when it has no links ({@code messaging.xml#type-delete-on-no-links}). */
public final class DeleteOnNoLinks extends CompositeType implements LifetimePolicy {
    public static final long DESCRIPTOR_CODE = 0x2cL;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:delete-on-no-links:list");
    /** The one value of this type: it has no fields. */
    public static final DeleteOnNoLinks INSTANCE = new DeleteOnNoLinks();

    private static final String[] FIELDS = {};

    private DeleteOnNoLinks() {}

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

    public static DeleteOnNoLinks decode(Decoder d, ByteBuf b, int ctor) {
        d.beginComposite(b, ctor, "amqp:delete-on-no-links:list");
        d.endComposite(b, 0, "amqp:delete-on-no-links:list");
        return INSTANCE;
    }
}
