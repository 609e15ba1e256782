package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** The source of a link: where messages come from ({@code messaging.xml#type-source}). */
public final class Source extends CompositeType {
    public static final long DESCRIPTOR_CODE = 0x28L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:source:list");
    private static final String NAME = "source";
    private static final String[] FIELDS = {
        "address",
        "durable",
        "expiry-policy",
        "timeout",
        "dynamic",
        "dynamic-node-properties",
        "distribution-mode",
        "filter",
        "default-outcome",
        "outcomes",
        "capabilities"
    };

    /** Distribution mode: a message goes to one consumer ({@code messaging.xml#std-dist-mode}). */
    public static final Symbol MOVE = Symbol.valueOf("move");
    /** Distribution mode: every consumer sees a copy (browsing). */
    public static final Symbol COPY = Symbol.valueOf("copy");

    private String address;
    private TerminusDurability durable = TerminusDurability.NONE;
    private TerminusExpiryPolicy expiryPolicy = TerminusExpiryPolicy.SESSION_END;
    private long timeout;
    private boolean dynamic;
    private Map<Symbol, Object> dynamicNodeProperties;
    private Symbol distributionMode;
    private Map<Symbol, Object> filter;
    private Outcome defaultOutcome;
    private Symbol[] outcomes;
    private Symbol[] capabilities;

    public String address() {
        return address;
    }

    public Source address(String address) {
        this.address = address;
        return this;
    }

    public TerminusDurability durable() {
        return durable;
    }

    public Source durable(TerminusDurability durable) {
        this.durable = durable == null ? TerminusDurability.NONE : durable;
        return this;
    }

    public TerminusExpiryPolicy expiryPolicy() {
        return expiryPolicy;
    }

    public Source expiryPolicy(TerminusExpiryPolicy expiryPolicy) {
        this.expiryPolicy = expiryPolicy == null ? TerminusExpiryPolicy.SESSION_END : expiryPolicy;
        return this;
    }

    /** Seconds the terminus lives after its expiry timer starts (a uint). */
    public long timeout() {
        return timeout;
    }

    public Source timeout(long seconds) {
        this.timeout = checkUInt(seconds, "timeout");
        return this;
    }

    public boolean dynamic() {
        return dynamic;
    }

    public Source dynamic(boolean dynamic) {
        this.dynamic = dynamic;
        return this;
    }

    public Map<Symbol, Object> dynamicNodeProperties() {
        return dynamicNodeProperties;
    }

    public Source dynamicNodeProperties(Map<Symbol, Object> properties) {
        this.dynamicNodeProperties = properties;
        return this;
    }

    public Symbol distributionMode() {
        return distributionMode;
    }

    public Source distributionMode(Symbol mode) {
        this.distributionMode = mode;
        return this;
    }

    /** The filter-set: filter name to a described filter, or null. */
    public Map<Symbol, Object> filter() {
        return filter;
    }

    public Source filter(Map<Symbol, Object> filter) {
        this.filter = filter;
        return this;
    }

    public Outcome defaultOutcome() {
        return defaultOutcome;
    }

    public Source defaultOutcome(Outcome outcome) {
        this.defaultOutcome = outcome;
        return this;
    }

    public Symbol[] outcomes() {
        return outcomes;
    }

    public Source outcomes(Symbol... outcomes) {
        this.outcomes = outcomes;
        return this;
    }

    public Symbol[] capabilities() {
        return capabilities;
    }

    public Source capabilities(Symbol... capabilities) {
        this.capabilities = capabilities;
        return this;
    }

    static long checkUInt(long value, String field) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(field + " is a uint, not " + value);
        }
        return value;
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
            return 11;
        } else if (outcomes != null) {
            return 10;
        } else if (defaultOutcome != null) {
            return 9;
        } else if (filter != null) {
            return 8;
        } else if (distributionMode != null) {
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
            Encoder.writeSymbol(b, distributionMode);
        }
        if (count > 7) {
            Encoder.writeMap(b, filter);
        }
        if (count > 8) {
            Encoder.writeObject(b, defaultOutcome);
        }
        if (count > 9) {
            Encoder.writeSymbolArray(b, outcomes);
        }
        if (count > 10) {
            Encoder.writeSymbolArray(b, capabilities);
        }
    }

    public static Source decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Source s = new Source();
        if (n > 0) {
            s.address = d.readString(b, "source.address");
        }
        if (n > 1) {
            s.durable = TerminusCodec.readDurability(d, b, "source.durable");
        }
        if (n > 2) {
            s.expiryPolicy = TerminusCodec.readExpiryPolicy(d, b, "source.expiry-policy");
        }
        if (n > 3) {
            s.timeout = Math.max(0, d.readUInt(b, "source.timeout"));
        }
        if (n > 4) {
            s.dynamic = d.readBoolean(b, "source.dynamic", false);
        }
        if (n > 5) {
            s.dynamicNodeProperties = d.readFields(b, "source.dynamic-node-properties");
        }
        if (n > 6) {
            s.distributionMode = d.readSymbol(b, "source.distribution-mode");
        }
        if (n > 7) {
            s.filter = d.readFields(b, "source.filter");
        }
        if (n > 8) {
            s.defaultOutcome = d.readDescribed(b, Outcome.class, "source.default-outcome");
        }
        if (n > 9) {
            s.outcomes = d.readSymbols(b, "source.outcomes");
        }
        if (n > 10) {
            s.capabilities = d.readSymbols(b, "source.capabilities");
        }
        d.endComposite(b, 11, NAME);
        return s;
    }
}
