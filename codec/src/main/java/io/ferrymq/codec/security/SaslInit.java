package io.ferrymq.codec.security;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The client's choice of mechanism and its initial response ({@code security.xml#type-sasl-init}). */
public final class SaslInit extends CompositeType implements SaslPerformative {
    public static final long DESCRIPTOR_CODE = 0x41L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:sasl-init:list");
    private static final String NAME = "sasl-init";
    private static final String[] FIELDS = {"mechanism", "initial-response", "hostname"};

    private final Symbol mechanism;
    private final Binary initialResponse;
    private final String hostname;

    public SaslInit(Symbol mechanism, Binary initialResponse, String hostname) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.initialResponse = initialResponse;
        this.hostname = hostname;
    }

    public Symbol mechanism() {
        return mechanism;
    }

    public Binary initialResponse() {
        return initialResponse;
    }

    public String hostname() {
        return hostname;
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
        return hostname != null ? 3 : initialResponse != null ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeSymbol(b, mechanism);
        if (count > 1) {
            Encoder.writeBinary(b, initialResponse);
        }
        if (count > 2) {
            Encoder.writeString(b, hostname);
        }
    }

    public static SaslInit decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Symbol mechanism = n > 0 ? d.readSymbol(b, "sasl-init.mechanism") : null;
        if (mechanism == null) {
            throw d.missing(b, NAME, "mechanism");
        }
        Binary response = n > 1 ? d.readBinary(b, "sasl-init.initial-response") : null;
        String hostname = n > 2 ? d.readString(b, "sasl-init.hostname") : null;
        d.endComposite(b, 3, NAME);
        return new SaslInit(mechanism, response, hostname);
    }
}
