package io.ferrymq.codec.transport;

/**
 * The body of an AMQP frame: one of the nine performatives ({@code transport.xml#section-performatives}).
 * Sealed, so a switch over a performative is checked for completeness.
 */
public sealed interface Performative permits Open, Begin, Attach, Flow, Transfer, Disposition, Detach, End, Close {}
