package io.ferrymq.codec;

/**
 * An AMQP {@code decimal64}: an IEEE 754-2008 decimal64 in the Binary Integer Decimal encoding,
 * kept as its raw bits ({@code types.xml#type-decimal64}).
 */
public record Decimal64(long bits) {}
