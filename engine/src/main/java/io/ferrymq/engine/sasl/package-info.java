/**
 * SASL for AMQP ({@code security.xml#section-sasl}): the mechanisms ANONYMOUS, PLAIN, EXTERNAL,
 * SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677; channel binding is not offered), on the
 * client side and the server side, and the server's pluggable {@link io.ferrymq.engine.sasl.Authenticator}.
 */
package io.ferrymq.engine.sasl;
