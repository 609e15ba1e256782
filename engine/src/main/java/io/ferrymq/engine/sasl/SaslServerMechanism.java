package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;

/**
 * The server side of one SASL exchange. The engine gives it the client's responses (the
 * initial response first, possibly null) until it is complete.
 */
public interface SaslServerMechanism {
    /**
     * Processes a response from the client.
     *
     * @return a challenge to send, or null when the exchange is complete and succeeded
     * @throws SaslException when authentication fails
     */
    Binary respond(Binary response) throws SaslException;

    /** The authenticated identity, once complete. */
    String principal();
}
