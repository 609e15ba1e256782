package io.ferrymq.codec.transport;

import io.ferrymq.codec.Symbol;

/** Error conditions of a session ({@code transport.xml#type-session-error}). */
public final class SessionError {
    private SessionError() {}

    public static final Symbol WINDOW_VIOLATION = Symbol.valueOf("amqp:session:window-violation");
    public static final Symbol ERRANT_LINK = Symbol.valueOf("amqp:session:errant-link");
    public static final Symbol HANDLE_IN_USE = Symbol.valueOf("amqp:session:handle-in-use");
    public static final Symbol UNATTACHED_HANDLE = Symbol.valueOf("amqp:session:unattached-handle");
}
