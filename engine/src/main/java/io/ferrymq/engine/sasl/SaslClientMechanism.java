package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;

/** The client side of one SASL exchange. */
public interface SaslClientMechanism {
    Symbol name();

    /** The response sent in the sasl-init, or null for none. */
    Binary initialResponse() throws SaslException;

    /** The response to a challenge. */
    Binary challenge(Binary challenge) throws SaslException;

    /** Checks the server's outcome: its additional data, and that the exchange went as far as it should. */
    void outcome(Binary additionalData) throws SaslException;
}
