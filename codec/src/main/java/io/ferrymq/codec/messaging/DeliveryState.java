package io.ferrymq.codec.messaging;

/**
 * The state of a delivery at an endpoint ({@code messaging.xml#section-delivery-state}): one of
 * the outcomes, {@link Received}, or a transactional state.
 */
public interface DeliveryState {}
