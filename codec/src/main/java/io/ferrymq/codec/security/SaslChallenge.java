package io.ferrymq.codec.security;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Security mechanism challenge from the server ({@code security.xml#type-sasl-challenge}). */
public final class SaslChallenge extends CompositeType implements SaslPerformative {
    public static final long DESCRIPTOR_CODE = 0x42L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:sasl-challenge:list");
    private static final String NAME = "sasl-challenge";
    private static final String[] FIELDS = {"challenge"};

    private final Binary challenge;

    public SaslChallenge(Binary challenge) {
        this.challenge = Objects.requireNonNull(challenge, "challenge");
    }

    public Binary challenge() {
        return challenge;
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
        Encoder.writeBinary(b, challenge);
    }

    public static SaslChallenge decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Binary challenge = n > 0 ? d.readBinary(b, "sasl-challenge.challenge") : null;
        if (challenge == null) {
            throw d.missing(b, NAME, "challenge");
        }
        d.endComposite(b, 1, NAME);
        return new SaslChallenge(challenge);
    }
}
