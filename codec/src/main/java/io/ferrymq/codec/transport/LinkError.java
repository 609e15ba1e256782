package io.ferrymq.codec.transport;

import io.ferrymq.codec.Symbol;

/** Error conditions of a link ({@code transport.xml#type-link-error}). */
public final class LinkError {
    private LinkError() {}

    public static final Symbol DETACH_FORCED = Symbol.valueOf("amqp:link:detach-forced");
    public static final Symbol TRANSFER_LIMIT_EXCEEDED = Symbol.valueOf("amqp:link:transfer-limit-exceeded");
    public static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    public static final Symbol REDIRECT = Symbol.valueOf("amqp:link:redirect");
    public static final Symbol STOLEN = Symbol.valueOf("amqp:link:stolen");
}
