package io.ferrymq.codec;

/**
 * An AMQP {@code decimal128}: an IEEE 754-2008 decimal128 in the Binary Integer Decimal
 * encoding, kept as its raw bits, most significant 64 first ({@code types.xml#type-decimal128}).
 */
public record Decimal128(long mostSignificantBits, long leastSignificantBits) {}
