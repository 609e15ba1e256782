package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Update the session's and, with a handle, a link's flow state ({@code transport.xml#type-flow}).
 * Absent uint fields read as -1.
 */
public final class Flow extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x13L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:flow:list");
    private static final String NAME = "flow";
    private static final String[] FIELDS = {
        "next-incoming-id",
        "incoming-window",
        "next-outgoing-id",
        "outgoing-window",
        "handle",
        "delivery-count",
        "link-credit",
        "available",
        "drain",
        "echo",
        "properties"
    };

    private long nextIncomingId = -1;
    private long incomingWindow;
    private long nextOutgoingId;
    private long outgoingWindow;
    private long handle = -1;
    private long deliveryCount = -1;
    private long linkCredit = -1;
    private long available = -1;
    private boolean drain;
    private boolean echo;
    private Map<Symbol, Object> properties;

    /** The next transfer-id the sender of this flow expects, or -1 before the peer's begin is seen. */
    public long nextIncomingId() {
        return nextIncomingId;
    }

    public Flow nextIncomingId(long id) {
        this.nextIncomingId = Checks.uintOrAbsent(id, "next-incoming-id");
        return this;
    }

    public long incomingWindow() {
        return incomingWindow;
    }

    public Flow incomingWindow(long window) {
        this.incomingWindow = Checks.uint(window, "incoming-window");
        return this;
    }

    public long nextOutgoingId() {
        return nextOutgoingId;
    }

    public Flow nextOutgoingId(long id) {
        this.nextOutgoingId = Checks.uint(id, "next-outgoing-id");
        return this;
    }

    public long outgoingWindow() {
        return outgoingWindow;
    }

    public Flow outgoingWindow(long window) {
        this.outgoingWindow = Checks.uint(window, "outgoing-window");
        return this;
    }

    /** The link this flow is about, or -1 for a session-only flow. */
    public long handle() {
        return handle;
    }

    public Flow handle(long handle) {
        this.handle = Checks.uintOrAbsent(handle, "handle");
        return this;
    }

    public long deliveryCount() {
        return deliveryCount;
    }

    public Flow deliveryCount(long count) {
        this.deliveryCount = Checks.uintOrAbsent(count, "delivery-count");
        return this;
    }

    public long linkCredit() {
        return linkCredit;
    }

    public Flow linkCredit(long credit) {
        this.linkCredit = Checks.uintOrAbsent(credit, "link-credit");
        return this;
    }

    public long available() {
        return available;
    }

    public Flow available(long available) {
        this.available = Checks.uintOrAbsent(available, "available");
        return this;
    }

    public boolean drain() {
        return drain;
    }

    public Flow drain(boolean drain) {
        this.drain = drain;
        return this;
    }

    public boolean echo() {
        return echo;
    }

    public Flow echo(boolean echo) {
        this.echo = echo;
        return this;
    }

    public Map<Symbol, Object> properties() {
        return properties;
    }

    public Flow properties(Map<Symbol, Object> properties) {
        this.properties = properties;
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
        if (properties != null) {
            return 11;
        } else if (echo) {
            return 10;
        } else if (drain) {
            return 9;
        } else if (available >= 0) {
            return 8;
        } else if (linkCredit >= 0) {
            return 7;
        } else if (deliveryCount >= 0) {
            return 6;
        } else if (handle >= 0) {
            return 5;
        }
        return 4;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUIntOrNull(b, nextIncomingId);
        Encoder.writeUInt(b, (int) incomingWindow);
        Encoder.writeUInt(b, (int) nextOutgoingId);
        Encoder.writeUInt(b, (int) outgoingWindow);
        if (count > 4) {
            Encoder.writeUIntOrNull(b, handle);
        }
        if (count > 5) {
            Encoder.writeUIntOrNull(b, deliveryCount);
        }
        if (count > 6) {
            Encoder.writeUIntOrNull(b, linkCredit);
        }
        if (count > 7) {
            Encoder.writeUIntOrNull(b, available);
        }
        if (count > 8) {
            Encoder.writeBoolean(b, drain);
        }
        if (count > 9) {
            Encoder.writeBoolean(b, echo);
        }
        if (count > 10) {
            Encoder.writeMap(b, properties);
        }
    }

    public static Flow decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Flow f = new Flow();
        f.nextIncomingId = n > 0 ? d.readUInt(b, "flow.next-incoming-id") : -1;
        long v = n > 1 ? d.readUInt(b, "flow.incoming-window") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "incoming-window");
        }
        f.incomingWindow = v;
        v = n > 2 ? d.readUInt(b, "flow.next-outgoing-id") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "next-outgoing-id");
        }
        f.nextOutgoingId = v;
        v = n > 3 ? d.readUInt(b, "flow.outgoing-window") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "outgoing-window");
        }
        f.outgoingWindow = v;
        if (n > 4) {
            f.handle = d.readUInt(b, "flow.handle");
        }
        if (n > 5) {
            f.deliveryCount = d.readUInt(b, "flow.delivery-count");
        }
        if (n > 6) {
            f.linkCredit = d.readUInt(b, "flow.link-credit");
        }
        if (n > 7) {
            f.available = d.readUInt(b, "flow.available");
        }
        if (n > 8) {
            f.drain = d.readBoolean(b, "flow.drain", false);
        }
        if (n > 9) {
            f.echo = d.readBoolean(b, "flow.echo", false);
        }
        if (n > 10) {
            f.properties = d.readFields(b, "flow.properties");
        }
        d.endComposite(b, 11, NAME);
        return f;
    }
}
