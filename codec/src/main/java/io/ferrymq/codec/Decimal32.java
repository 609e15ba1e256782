package io.ferrymq.codec;

/**
 * An AMQP {@code decimal32}: an IEEE 754-2008 decimal32 in the Binary Integer Decimal encoding,
 * kept as its raw bits ({@code types.xml#type-decimal32}).
 */
public record Decimal32(int bits) {}
