package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** Begin a session on a channel ({@code transport.xml#type-begin}). */
public final class Begin extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x11L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:begin:list");
    private static final String NAME = "begin";
    private static final String[] FIELDS = {
        "remote-channel",
        "next-outgoing-id",
        "incoming-window",
        "outgoing-window",
        "handle-max",
        "offered-capabilities",
        "desired-capabilities",
        "properties"
    };

    /** The default handle-max: 2^32 - 1. */
    public static final long DEFAULT_HANDLE_MAX = 0xffff_ffffL;

    private int remoteChannel = -1;
    private long nextOutgoingId;
    private long incomingWindow;
    private long outgoingWindow;
    private long handleMax = DEFAULT_HANDLE_MAX;
    private Symbol[] offeredCapabilities;
    private Symbol[] desiredCapabilities;
    private Map<Symbol, Object> properties;

    /** The channel of the session this begin answers, or -1 when it starts one. */
    public int remoteChannel() {
        return remoteChannel;
    }

    public Begin remoteChannel(int channel) {
        this.remoteChannel = channel < 0 ? -1 : Checks.ushort(channel, "remote-channel");
        return this;
    }

    public long nextOutgoingId() {
        return nextOutgoingId;
    }

    public Begin nextOutgoingId(long id) {
        this.nextOutgoingId = Checks.uint(id, "next-outgoing-id");
        return this;
    }

    public long incomingWindow() {
        return incomingWindow;
    }

    public Begin incomingWindow(long window) {
        this.incomingWindow = Checks.uint(window, "incoming-window");
        return this;
    }

    public long outgoingWindow() {
        return outgoingWindow;
    }

    public Begin outgoingWindow(long window) {
        this.outgoingWindow = Checks.uint(window, "outgoing-window");
        return this;
    }

    public long handleMax() {
        return handleMax;
    }

    public Begin handleMax(long handleMax) {
        this.handleMax = Checks.uint(handleMax, "handle-max");
        return this;
    }

    public Symbol[] offeredCapabilities() {
        return offeredCapabilities;
    }

    public Begin offeredCapabilities(Symbol... capabilities) {
        this.offeredCapabilities = capabilities;
        return this;
    }

    public Symbol[] desiredCapabilities() {
        return desiredCapabilities;
    }

    public Begin desiredCapabilities(Symbol... capabilities) {
        this.desiredCapabilities = capabilities;
        return this;
    }

    public Map<Symbol, Object> properties() {
        return properties;
    }

    public Begin properties(Map<Symbol, Object> properties) {
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
            return 8;
        } else if (desiredCapabilities != null) {
            return 7;
        } else if (offeredCapabilities != null) {
            return 6;
        } else if (handleMax != DEFAULT_HANDLE_MAX) {
            return 5;
        }
        return 4;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUShortOrNull(b, remoteChannel);
        Encoder.writeUInt(b, (int) nextOutgoingId);
        Encoder.writeUInt(b, (int) incomingWindow);
        Encoder.writeUInt(b, (int) outgoingWindow);
        if (count > 4) {
            Encoder.writeUInt(b, (int) handleMax);
        }
        if (count > 5) {
            Encoder.writeSymbolArray(b, offeredCapabilities);
        }
        if (count > 6) {
            Encoder.writeSymbolArray(b, desiredCapabilities);
        }
        if (count > 7) {
            Encoder.writeMap(b, properties);
        }
    }

    public static Begin decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Begin o = new Begin();
        o.remoteChannel = n > 0 ? d.readUShort(b, "begin.remote-channel") : -1;
        long v = n > 1 ? d.readUInt(b, "begin.next-outgoing-id") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "next-outgoing-id");
        }
        o.nextOutgoingId = v;
        v = n > 2 ? d.readUInt(b, "begin.incoming-window") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "incoming-window");
        }
        o.incomingWindow = v;
        v = n > 3 ? d.readUInt(b, "begin.outgoing-window") : -1;
        if (v < 0) {
            throw d.missing(b, NAME, "outgoing-window");
        }
        o.outgoingWindow = v;
        if (n > 4) {
            v = d.readUInt(b, "begin.handle-max");
            o.handleMax = v < 0 ? DEFAULT_HANDLE_MAX : v;
        }
        if (n > 5) {
            o.offeredCapabilities = d.readSymbols(b, "begin.offered-capabilities");
        }
        if (n > 6) {
            o.desiredCapabilities = d.readSymbols(b, "begin.desired-capabilities");
        }
        if (n > 7) {
            o.properties = d.readFields(b, "begin.properties");
        }
        d.endComposite(b, 8, NAME);
        return o;
    }
}
