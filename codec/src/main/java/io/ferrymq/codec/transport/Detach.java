package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Detach a link endpoint from its session ({@code transport.xml#type-detach}). */
public final class Detach extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x16L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:detach:list");
    private static final String NAME = "detach";
    private static final String[] FIELDS = {"handle", "closed", "error"};

    private long handle = -1;
    private boolean closed;
    private ErrorCondition error;

    public long handle() {
        return handle;
    }

    public Detach handle(long handle) {
        this.handle = Checks.uint(handle, "handle");
        return this;
    }

    /** True when the link is closed, not merely detached. */
    public boolean closed() {
        return closed;
    }

    public Detach closed(boolean closed) {
        this.closed = closed;
        return this;
    }

    public ErrorCondition error() {
        return error;
    }

    public Detach error(ErrorCondition error) {
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
        return error != null ? 3 : closed ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUIntOrNull(b, handle);
        if (count > 1) {
            Encoder.writeBoolean(b, closed);
        }
        if (count > 2) {
            Encoder.writeObject(b, error);
        }
    }

    public static Detach decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Detach o = new Detach();
        o.handle = n > 0 ? d.readUInt(b, "detach.handle") : -1;
        if (o.handle < 0) {
            throw d.missing(b, NAME, "handle");
        }
        if (n > 1) {
            o.closed = d.readBoolean(b, "detach.closed", false);
        }
        if (n > 2) {
            o.error = d.readDescribed(b, ErrorCondition.class, "detach.error");
        }
        d.endComposite(b, 3, NAME);
        return o;
    }
}
