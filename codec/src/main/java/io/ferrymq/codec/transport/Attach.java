package io.ferrymq.codec.transport;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.LinkTarget;
import io.ferrymq.codec.messaging.Source;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/** Attach a link to a session ({@code transport.xml#type-attach}). */
public final class Attach extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x12L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:attach:list");
    private static final String NAME = "attach";
    private static final String[] FIELDS = {
        "name",
        "handle",
        "role",
        "snd-settle-mode",
        "rcv-settle-mode",
        "source",
        "target",
        "unsettled",
        "incomplete-unsettled",
        "initial-delivery-count",
        "max-message-size",
        "offered-capabilities",
        "desired-capabilities",
        "properties"
    };

    private String name;
    private long handle = -1;
    private Role role;
    private SenderSettleMode sndSettleMode = SenderSettleMode.MIXED;
    private ReceiverSettleMode rcvSettleMode = ReceiverSettleMode.FIRST;
    private Source source;
    private LinkTarget target;
    private Map<Binary, DeliveryState> unsettled;
    private boolean incompleteUnsettled;
    private long initialDeliveryCount = -1;
    private UnsignedLong maxMessageSize;
    private Symbol[] offeredCapabilities;
    private Symbol[] desiredCapabilities;
    private Map<Symbol, Object> properties;

    public String name() {
        return name;
    }

    public Attach name(String name) {
        this.name = name;
        return this;
    }

    public long handle() {
        return handle;
    }

    public Attach handle(long handle) {
        this.handle = Checks.uint(handle, "handle");
        return this;
    }

    public Role role() {
        return role;
    }

    public Attach role(Role role) {
        this.role = role;
        return this;
    }

    public SenderSettleMode sndSettleMode() {
        return sndSettleMode;
    }

    public Attach sndSettleMode(SenderSettleMode mode) {
        this.sndSettleMode = mode == null ? SenderSettleMode.MIXED : mode;
        return this;
    }

    public ReceiverSettleMode rcvSettleMode() {
        return rcvSettleMode;
    }

    public Attach rcvSettleMode(ReceiverSettleMode mode) {
        this.rcvSettleMode = mode == null ? ReceiverSettleMode.FIRST : mode;
        return this;
    }

    public Source source() {
        return source;
    }

    public Attach source(Source source) {
        this.source = source;
        return this;
    }

    /** A {@link io.ferrymq.codec.messaging.Target} or a transaction coordinator, or null. */
    public LinkTarget target() {
        return target;
    }

    public Attach target(LinkTarget target) {
        this.target = target;
        return this;
    }

    /** Delivery tag to state of the deliveries still unsettled at the sender of this attach. */
    public Map<Binary, DeliveryState> unsettled() {
        return unsettled;
    }

    public Attach unsettled(Map<Binary, DeliveryState> unsettled) {
        this.unsettled = unsettled;
        return this;
    }

    public boolean incompleteUnsettled() {
        return incompleteUnsettled;
    }

    public Attach incompleteUnsettled(boolean incomplete) {
        this.incompleteUnsettled = incomplete;
        return this;
    }

    /** The sender's initial delivery-count, or -1 when absent (it must be set by a sender). */
    public long initialDeliveryCount() {
        return initialDeliveryCount;
    }

    public Attach initialDeliveryCount(long count) {
        this.initialDeliveryCount = Checks.uintOrAbsent(count, "initial-delivery-count");
        return this;
    }

    /** The largest message the sender of this attach accepts, or null for no limit. */
    public UnsignedLong maxMessageSize() {
        return maxMessageSize;
    }

    public Attach maxMessageSize(UnsignedLong size) {
        this.maxMessageSize = size;
        return this;
    }

    public Symbol[] offeredCapabilities() {
        return offeredCapabilities;
    }

    public Attach offeredCapabilities(Symbol... capabilities) {
        this.offeredCapabilities = capabilities;
        return this;
    }

    public Symbol[] desiredCapabilities() {
        return desiredCapabilities;
    }

    public Attach desiredCapabilities(Symbol... capabilities) {
        this.desiredCapabilities = capabilities;
        return this;
    }

    public Map<Symbol, Object> properties() {
        return properties;
    }

    public Attach properties(Map<Symbol, Object> properties) {
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
            return 14;
        } else if (desiredCapabilities != null) {
            return 13;
        } else if (offeredCapabilities != null) {
            return 12;
        } else if (maxMessageSize != null) {
            return 11;
        } else if (initialDeliveryCount >= 0) {
            return 10;
        } else if (incompleteUnsettled) {
            return 9;
        } else if (unsettled != null) {
            return 8;
        } else if (target != null) {
            return 7;
        } else if (source != null) {
            return 6;
        } else if (rcvSettleMode != ReceiverSettleMode.FIRST) {
            return 5;
        } else if (sndSettleMode != SenderSettleMode.MIXED) {
            return 4;
        }
        return 3;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeString(b, name);
        Encoder.writeUIntOrNull(b, handle);
        if (role == null) {
            Encoder.writeNull(b);
        } else {
            Encoder.writeBoolean(b, role.encoding());
        }
        if (count > 3) {
            Encoder.writeUByte(b, (byte) sndSettleMode.code());
        }
        if (count > 4) {
            Encoder.writeUByte(b, (byte) rcvSettleMode.code());
        }
        if (count > 5) {
            Encoder.writeObject(b, source);
        }
        if (count > 6) {
            Encoder.writeObject(b, target);
        }
        if (count > 7) {
            Encoder.writeMap(b, unsettled);
        }
        if (count > 8) {
            Encoder.writeBoolean(b, incompleteUnsettled);
        }
        if (count > 9) {
            Encoder.writeUIntOrNull(b, initialDeliveryCount);
        }
        if (count > 10) {
            if (maxMessageSize == null) {
                Encoder.writeNull(b);
            } else {
                Encoder.writeULong(b, maxMessageSize.longBits());
            }
        }
        if (count > 11) {
            Encoder.writeSymbolArray(b, offeredCapabilities);
        }
        if (count > 12) {
            Encoder.writeSymbolArray(b, desiredCapabilities);
        }
        if (count > 13) {
            Encoder.writeMap(b, properties);
        }
    }

    public static Attach decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Attach a = new Attach();
        a.name = n > 0 ? d.readString(b, "attach.name") : null;
        if (a.name == null) {
            throw d.missing(b, NAME, "name");
        }
        a.handle = n > 1 ? d.readUInt(b, "attach.handle") : -1;
        if (a.handle < 0) {
            throw d.missing(b, NAME, "handle");
        }
        Boolean role = n > 2 ? d.readBoolean(b, "attach.role") : null;
        if (role == null) {
            throw d.missing(b, NAME, "role");
        }
        a.role = Role.valueOf(role);
        if (n > 3) {
            int code = d.readUByte(b, "attach.snd-settle-mode");
            a.sndSettleMode = code < 0 ? SenderSettleMode.MIXED : SenderSettleMode.valueOf(code);
            if (a.sndSettleMode == null) {
                throw new DecodeException(
                        "attach.snd-settle-mode: " + code + " is not a sender-settle-mode", d.position(b));
            }
        }
        if (n > 4) {
            int code = d.readUByte(b, "attach.rcv-settle-mode");
            a.rcvSettleMode = code < 0 ? ReceiverSettleMode.FIRST : ReceiverSettleMode.valueOf(code);
            if (a.rcvSettleMode == null) {
                throw new DecodeException(
                        "attach.rcv-settle-mode: " + code + " is not a receiver-settle-mode", d.position(b));
            }
        }
        if (n > 5) {
            a.source = d.readDescribed(b, Source.class, "attach.source");
        }
        if (n > 6) {
            a.target = d.readDescribed(b, LinkTarget.class, "attach.target");
        }
        if (n > 7) {
            a.unsettled = readUnsettled(d, b);
        }
        if (n > 8) {
            a.incompleteUnsettled = d.readBoolean(b, "attach.incomplete-unsettled", false);
        }
        if (n > 9) {
            a.initialDeliveryCount = d.readUInt(b, "attach.initial-delivery-count");
        }
        if (n > 10) {
            a.maxMessageSize = d.readULong(b, "attach.max-message-size");
        }
        if (n > 11) {
            a.offeredCapabilities = d.readSymbols(b, "attach.offered-capabilities");
        }
        if (n > 12) {
            a.desiredCapabilities = d.readSymbols(b, "attach.desired-capabilities");
        }
        if (n > 13) {
            a.properties = d.readFields(b, "attach.properties");
        }
        d.endComposite(b, 14, NAME);
        return a;
    }

    private static Map<Binary, DeliveryState> readUnsettled(Decoder d, ByteBuf b) {
        Map<Object, Object> raw = d.readMap(b, "attach.unsettled");
        if (raw == null) {
            return null;
        }
        Map<Binary, DeliveryState> unsettled = new LinkedHashMap<>(raw.size() * 2);
        for (Map.Entry<Object, Object> e : raw.entrySet()) {
            if (!(e.getKey() instanceof Binary tag)) {
                throw new DecodeException("attach.unsettled: keys are delivery tags (binary)", d.position(b));
            }
            if (e.getValue() != null && !(e.getValue() instanceof DeliveryState)) {
                throw new DecodeException("attach.unsettled: values are delivery states", d.position(b));
            }
            unsettled.put(tag, (DeliveryState) e.getValue());
        }
        return unsettled;
    }
}
