package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;

/** ANONYMOUS (RFC 4505), with an empty trace. */
public final class AnonymousClient implements SaslClientMechanism {
    @Override
    public Symbol name() {
        return Mechanisms.ANONYMOUS;
    }

    @Override
    public Binary initialResponse() {
        return Binary.EMPTY;
    }

    @Override
    public Binary challenge(Binary challenge) {
        return Binary.EMPTY;
    }

    @Override
    public void outcome(Binary additionalData) {}
}
