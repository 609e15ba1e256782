package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;

/** Decides who may connect: the server's pluggable side of SASL. */
public interface Authenticator {
    /** The mechanisms to offer on this connection, most preferred first. */
    Symbol[] mechanisms(SaslContext context);

    /** A fresh exchange of {@code mechanism}, or null when it is not offered. */
    SaslServerMechanism start(Symbol mechanism, SaslContext context);
}
