package io.ferrymq.codec.messaging;

/**
 * A terminal delivery state ({@code messaging.xml#section-delivery-state}): accepted, rejected,
 * released, modified, or (for a transaction coordinator) declared.
 */
public interface Outcome extends DeliveryState {}
