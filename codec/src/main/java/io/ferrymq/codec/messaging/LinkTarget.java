package io.ferrymq.codec.messaging;

/**
 * What the {@code target} field of an attach holds: a {@link Target}, or a transaction
 * coordinator ({@code transactions.xml#type-coordinator}), both of which provide "target".
 */
public interface LinkTarget {}
