package io.ferrymq.codec.security;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Security mechanism response from the client ({@code security.xml#type-sasl-response}). */
public final class SaslResponse extends CompositeType implements SaslPerformative {
    public static final long DESCRIPTOR_CODE = 0x43L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:sasl-response:list");
    private static final String NAME = "sasl-response";
    private static final String[] FIELDS = {"response"};

    private final Binary response;

    public SaslResponse(Binary response) {
        this.response = Objects.requireNonNull(response, "response");
    }

    public Binary response() {
        return response;
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
        Encoder.writeBinary(b, response);
    }

    public static SaslResponse decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Binary response = n > 0 ? d.readBinary(b, "sasl-response.response") : null;
        if (response == null) {
            throw d.missing(b, NAME, "response");
        }
        d.endComposite(b, 1, NAME);
        return new SaslResponse(response);
    }
}
