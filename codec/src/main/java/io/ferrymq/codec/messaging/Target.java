package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** The target of a link: where messages go ({@code messaging.xml#type-target}). */
public final class Target extends CompositeType implements LinkTarget {
    public static final long DESCRIPTOR_CODE = 0x29L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:target:list");
    private static final String NAME = "target";
    private static final String[] FIELDS = {
        "address", "durable", "expiry-policy", "timeout", "dynamic", "dynamic-node-properties", "capabilities"
    };

    private String address;
    private TerminusDurability durable = TerminusDurability.NONE;
    private TerminusExpiryPolicy expiryPolicy = TerminusExpiryPolicy.SESSION_END;
    private long timeout;
    private boolean dynamic;
    private Map<Symbol, Object> dynamicNodeProperties;
    private Symbol[] capabilities;

    public String address() {
        return address;
    }

    public Target address(String address) {
        this.address = address;
        return this;
    }

    public TerminusDurability durable() {
        return durable;
    }

    public Target durable(TerminusDurability durable) {
        this.durable = durable == null ? TerminusDurability.NONE : durable;
        return this;
    }

    public TerminusExpiryPolicy expiryPolicy() {
        return expiryPolicy;
    }

    public Target expiryPolicy(TerminusExpiryPolicy expiryPolicy) {
        this.expiryPolicy = expiryPolicy == null ? TerminusExpiryPolicy.SESSION_END : expiryPolicy;
        return this;
    }

    /** Seconds the terminus lives after its expiry timer starts (a uint). */
    public long timeout() {
        return timeout;
    }

    public Target timeout(long seconds) {
        this.timeout = Source.checkUInt(seconds, "timeout");
        return this;
    }

    public boolean dynamic() {
        return dynamic;
    }

    public Target dynamic(boolean dynamic) {
        this.dynamic = dynamic;
        return this;
    }

    public Map<Symbol, Object> dynamicNodeProperties() {
        return dynamicNodeProperties;
    }

    public Target dynamicNodeProperties(Map<Symbol, Object> properties) {
        this.dynamicNodeProperties = properties;
        return this;
    }

    public Symbol[] capabilities() {
        return capabilities;
    }

    public Target capabilities(Symbol... capabilities) {
        this.capabilities = capabilities;
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
        if (capabilities != null) {
            return 7;
        } else if (dynamicNodeProperties != null) {
            return 6;
        } else if (dynamic) {
            return 5;
        } else if (timeout != 0) {
            return 4;
        } else if (expiryPolicy != TerminusExpiryPolicy.SESSION_END) {
            return 3;
        } else if (durable != TerminusDurability.NONE) {
            return 2;
        }
        return address != null ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeString(b, address);
        if (count > 1) {
            Encoder.writeUInt(b, (int) durable.code());
        }
        if (count > 2) {
            Encoder.writeSymbol(b, expiryPolicy.symbol());
        }
        if (count > 3) {
            Encoder.writeUInt(b, (int) timeout);
        }
        if (count > 4) {
            Encoder.writeBoolean(b, dynamic);
        }
        if (count > 5) {
            Encoder.writeMap(b, dynamicNodeProperties);
        }
        if (count > 6) {
            Encoder.writeSymbolArray(b, capabilities);
        }
    }

    public static Target decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Target t = new Target();
        if (n > 0) {
            t.address = d.readString(b, "target.address");
        }
        if (n > 1) {
            t.durable = TerminusCodec.readDurability(d, b, "target.durable");
        }
        if (n > 2) {
            t.expiryPolicy = TerminusCodec.readExpiryPolicy(d, b, "target.expiry-policy");
        }
        if (n > 3) {
            t.timeout = Math.max(0, d.readUInt(b, "target.timeout"));
        }
        if (n > 4) {
            t.dynamic = d.readBoolean(b, "target.dynamic", false);
        }
        if (n > 5) {
            t.dynamicNodeProperties = d.readFields(b, "target.dynamic-node-properties");
        }
        if (n > 6) {
            t.capabilities = d.readSymbols(b, "target.capabilities");
        }
        d.endComposite(b, 7, NAME);
        return t;
    }
}
