package io.ferrymq.codec.transport;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** Negotiate connection parameters ({@code transport.xml#type-open}). */
public final class Open extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x10L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:open:list");
    private static final String NAME = "open";
    private static final String[] FIELDS = {
        "container-id",
        "hostname",
        "max-frame-size",
        "channel-max",
        "idle-time-out",
        "outgoing-locales",
        "incoming-locales",
        "offered-capabilities",
        "desired-capabilities",
        "properties"
    };

    /** The default max-frame-size: 2^32 - 1. */
    public static final long DEFAULT_MAX_FRAME_SIZE = 0xffff_ffffL;
    /** The default channel-max: 65535. */
    public static final int DEFAULT_CHANNEL_MAX = 0xffff;

    private String containerId;
    private String hostname;
    private long maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int channelMax = DEFAULT_CHANNEL_MAX;
    private long idleTimeOut = -1;
    private Symbol[] outgoingLocales;
    private Symbol[] incomingLocales;
    private Symbol[] offeredCapabilities;
    private Symbol[] desiredCapabilities;
    private Map<Symbol, Object> properties;

    public String containerId() {
        return containerId;
    }

    public Open containerId(String containerId) {
        this.containerId = containerId;
        return this;
    }

    public String hostname() {
        return hostname;
    }

    public Open hostname(String hostname) {
        this.hostname = hostname;
        return this;
    }

    /** The largest frame the sender of this open accepts, in [512, 2^32 - 1]. */
    public long maxFrameSize() {
        return maxFrameSize;
    }

    public Open maxFrameSize(long maxFrameSize) {
        this.maxFrameSize = Checks.uint(maxFrameSize, "max-frame-size");
        return this;
    }

    /** The highest channel number the sender of this open may use, in [0, 65535]. */
    public int channelMax() {
        return channelMax;
    }

    public Open channelMax(int channelMax) {
        this.channelMax = Checks.ushort(channelMax, "channel-max");
        return this;
    }

    /** Idle timeout in milliseconds, or -1 when absent (no timeout). */
    public long idleTimeOut() {
        return idleTimeOut;
    }

    public Open idleTimeOut(long millis) {
        this.idleTimeOut = millis < 0 ? -1 : Checks.uint(millis, "idle-time-out");
        return this;
    }

    public Symbol[] outgoingLocales() {
        return outgoingLocales;
    }

    public Open outgoingLocales(Symbol... locales) {
        this.outgoingLocales = locales;
        return this;
    }

    public Symbol[] incomingLocales() {
        return incomingLocales;
    }

    public Open incomingLocales(Symbol... locales) {
        this.incomingLocales = locales;
        return this;
    }

    public Symbol[] offeredCapabilities() {
        return offeredCapabilities;
    }

    public Open offeredCapabilities(Symbol... capabilities) {
        this.offeredCapabilities = capabilities;
        return this;
    }

    public Symbol[] desiredCapabilities() {
        return desiredCapabilities;
    }

    public Open desiredCapabilities(Symbol... capabilities) {
        this.desiredCapabilities = capabilities;
        return this;
    }

    public Map<Symbol, Object> properties() {
        return properties;
    }

    public Open properties(Map<Symbol, Object> properties) {
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
            return 10;
        } else if (desiredCapabilities != null) {
            return 9;
        } else if (offeredCapabilities != null) {
            return 8;
        } else if (incomingLocales != null) {
            return 7;
        } else if (outgoingLocales != null) {
            return 6;
        } else if (idleTimeOut >= 0) {
            return 5;
        } else if (channelMax != DEFAULT_CHANNEL_MAX) {
            return 4;
        } else if (maxFrameSize != DEFAULT_MAX_FRAME_SIZE) {
            return 3;
        }
        return hostname != null ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeString(b, containerId);
        if (count > 1) {
            Encoder.writeString(b, hostname);
        }
        if (count > 2) {
            Encoder.writeUInt(b, (int) maxFrameSize);
        }
        if (count > 3) {
            Encoder.writeUShort(b, channelMax);
        }
        if (count > 4) {
            Encoder.writeUIntOrNull(b, idleTimeOut);
        }
        if (count > 5) {
            Encoder.writeSymbolArray(b, outgoingLocales);
        }
        if (count > 6) {
            Encoder.writeSymbolArray(b, incomingLocales);
        }
        if (count > 7) {
            Encoder.writeSymbolArray(b, offeredCapabilities);
        }
        if (count > 8) {
            Encoder.writeSymbolArray(b, desiredCapabilities);
        }
        if (count > 9) {
            Encoder.writeMap(b, properties);
        }
    }

    public static Open decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Open o = new Open();
        o.containerId = n > 0 ? d.readString(b, "open.container-id") : null;
        if (o.containerId == null) {
            throw d.missing(b, NAME, "container-id");
        }
        if (n > 1) {
            o.hostname = d.readString(b, "open.hostname");
        }
        if (n > 2) {
            long v = d.readUInt(b, "open.max-frame-size");
            o.maxFrameSize = v < 0 ? DEFAULT_MAX_FRAME_SIZE : v;
        }
        if (n > 3) {
            int v = d.readUShort(b, "open.channel-max");
            o.channelMax = v < 0 ? DEFAULT_CHANNEL_MAX : v;
        }
        if (n > 4) {
            o.idleTimeOut = d.readUInt(b, "open.idle-time-out");
        }
        if (n > 5) {
            o.outgoingLocales = d.readSymbols(b, "open.outgoing-locales");
        }
        if (n > 6) {
            o.incomingLocales = d.readSymbols(b, "open.incoming-locales");
        }
        if (n > 7) {
            o.offeredCapabilities = d.readSymbols(b, "open.offered-capabilities");
        }
        if (n > 8) {
            o.desiredCapabilities = d.readSymbols(b, "open.desired-capabilities");
        }
        if (n > 9) {
            o.properties = d.readFields(b, "open.properties");
        }
        d.endComposite(b, 10, NAME);
        return o;
    }
}
