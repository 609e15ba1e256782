package io.ferrymq.codec.transport;

import io.ferrymq.codec.Symbol;

/** Error conditions of a connection ({@code transport.xml#type-connection-error}). */
public final class ConnectionError {
    private ConnectionError() {}

    public static final Symbol CONNECTION_FORCED = Symbol.valueOf("amqp:connection:forced");
    public static final Symbol FRAMING_ERROR = Symbol.valueOf("amqp:connection:framing-error");
    public static final Symbol REDIRECT = Symbol.valueOf("amqp:connection:redirect");
}
