package io.ferrymq.engine.sasl;

/**
 * What a server mechanism may know of the connection it authenticates.
 *
 * @param hostname the host name the client named in its sasl-init, or null
 * @param tlsPrincipal the identity of the client's TLS certificate, or null without one
 */
public record SaslContext(String hostname, String tlsPrincipal) {}
