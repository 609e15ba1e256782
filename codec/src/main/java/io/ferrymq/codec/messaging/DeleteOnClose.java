package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Delete the node when the link that created it closes ({@code messaging.xml#type-delete-on-close}). */
public final class DeleteOnClose extends CompositeType implements LifetimePolicy {
    public static final long DESCRIPTOR_CODE = 0x2bL;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:delete-on-close:list");
    /** The one value of this type: it has no fields. */
    public static final DeleteOnClose INSTANCE = new DeleteOnClose();

    private static final String[] FIELDS = {};

    private DeleteOnClose() {}

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

    public static DeleteOnClose decode(Decoder d, ByteBuf b, int ctor) {
        d.beginComposite(b, ctor, "amqp:delete-on-close:list");
        d.endComposite(b, 0, "amqp:delete-on-close:list");
        return INSTANCE;
    }
}
