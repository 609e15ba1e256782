package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.DeliveryState;
import io.netty.buffer.ByteBuf;

/**
 * Inform the peer of changes to the state of a range of deliveries
 * ({@code transport.xml#type-disposition}).
 */
public final class Disposition extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x15L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:disposition:list");
    private static final String NAME = "disposition";
    private static final String[] FIELDS = {"role", "first", "last", "settled", "state", "batchable"};

    private Role role;
    private long first = -1;
    private long last = -1;
    private boolean settled;
    private DeliveryState state;
    private boolean batchable;

    public Role role() {
        return role;
    }

    public Disposition role(Role role) {
        this.role = role;
        return this;
    }

    public long first() {
        return first;
    }

    public Disposition first(long first) {
        this.first = Checks.uint(first, "first");
        return this;
    }

    /** The last delivery-id of the range, or -1 when absent (the range is just {@link #first()}). */
    public long last() {
        return last;
    }

    public Disposition last(long last) {
        this.last = Checks.uintOrAbsent(last, "last");
        return this;
    }

    public boolean settled() {
        return settled;
    }

    public Disposition settled(boolean settled) {
        this.settled = settled;
        return this;
    }

    public DeliveryState state() {
        return state;
    }

    public Disposition state(DeliveryState state) {
        this.state = state;
        return this;
    }

    public boolean batchable() {
        return batchable;
    }

    public Disposition batchable(boolean batchable) {
        this.batchable = batchable;
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
        if (batchable) {
            return 6;
        } else if (state != null) {
            return 5;
        } else if (settled) {
            return 4;
        } else if (last >= 0) {
            return 3;
        }
        return 2;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        if (role == null) {
            Encoder.writeNull(b);
        } else {
            Encoder.writeBoolean(b, role.encoding());
        }
        Encoder.writeUIntOrNull(b, first);
        if (count > 2) {
            Encoder.writeUIntOrNull(b, last);
        }
        if (count > 3) {
            Encoder.writeBoolean(b, settled);
        }
        if (count > 4) {
            Encoder.writeObject(b, state);
        }
        if (count > 5) {
            Encoder.writeBoolean(b, batchable);
        }
    }

    public static Disposition decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Disposition o = new Disposition();
        Boolean role = n > 0 ? d.readBoolean(b, "disposition.role") : null;
        if (role == null) {
            throw d.missing(b, NAME, "role");
        }
        o.role = Role.valueOf(role);
        o.first = n > 1 ? d.readUInt(b, "disposition.first") : -1;
        if (o.first < 0) {
            throw d.missing(b, NAME, "first");
        }
        if (n > 2) {
            o.last = d.readUInt(b, "disposition.last");
        }
        if (n > 3) {
            o.settled = d.readBoolean(b, "disposition.settled", false);
        }
        if (n > 4) {
            o.state = d.readDescribed(b, DeliveryState.class, "disposition.state");
        }
        if (n > 5) {
            o.batchable = d.readBoolean(b, "disposition.batchable", false);
        }
        d.endComposite(b, 6, NAME);
        return o;
    }
}
