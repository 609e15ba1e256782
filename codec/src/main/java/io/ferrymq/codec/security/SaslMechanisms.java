package io.ferrymq.codec.security;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The server's offer of SASL mechanisms ({@code security.xml#type-sasl-mechanisms}). */
public final class SaslMechanisms extends CompositeType implements SaslPerformative {
    public static final long DESCRIPTOR_CODE = 0x40L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:sasl-mechanisms:list");
    private static final String NAME = "sasl-mechanisms";
    private static final String[] FIELDS = {"sasl-server-mechanisms"};

    private final Symbol[] mechanisms;

    public SaslMechanisms(Symbol... mechanisms) {
        this.mechanisms = Objects.requireNonNull(mechanisms, "sasl-server-mechanisms");
    }

    /** The mechanisms the server supports, in its order of preference. */
    public Symbol[] mechanisms() {
        return mechanisms;
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
        return 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeSymbolArray(b, mechanisms);
    }

    public static SaslMechanisms decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Symbol[] mechanisms = n > 0 ? d.readSymbols(b, "sasl-mechanisms.sasl-server-mechanisms") : null;
        if (mechanisms == null) {
            throw d.missing(b, NAME, "sasl-server-mechanisms");
        }
        d.endComposite(b, 1, NAME);
        return new SaslMechanisms(mechanisms);
    }
}
