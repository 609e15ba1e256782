package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;

/** EXTERNAL: the identity is the TLS client certificate's; no authorization identity is sent. */
public final class ExternalClient implements SaslClientMechanism {
    @Override
    public Symbol name() {
        return Mechanisms.EXTERNAL;
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
