package io.ferrymq.codec.security;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The result of the SASL exchange ({@code security.xml#type-sasl-outcome}). */
public final class SaslOutcome extends CompositeType implements SaslPerformative {
    public static final long DESCRIPTOR_CODE = 0x44L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:sasl-outcome:list");
    private static final String NAME = "sasl-outcome";
    private static final String[] FIELDS = {"code", "additional-data"};

    private final SaslCode code;
    private final Binary additionalData;

    public SaslOutcome(SaslCode code, Binary additionalData) {
        this.code = Objects.requireNonNull(code, "code");
        this.additionalData = additionalData;
    }

    public SaslCode code() {
        return code;
    }

    public Binary additionalData() {
        return additionalData;
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
        return additionalData != null ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUByte(b, (byte) code.code());
        if (count > 1) {
            Encoder.writeBinary(b, additionalData);
        }
    }

    public static SaslOutcome decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        int value = n > 0 ? d.readUByte(b, "sasl-outcome.code") : -1;
        if (value < 0) {
            throw d.missing(b, NAME, "code");
        }
        SaslCode code = SaslCode.valueOf(value);
        if (code == null) {
            throw new DecodeException("sasl-outcome.code: " + value + " is not a sasl-code", d.position(b));
        }
        Binary data = n > 1 ? d.readBinary(b, "sasl-outcome.additional-data") : null;
        d.endComposite(b, 2, NAME);
        return new SaslOutcome(code, data);
    }
}
