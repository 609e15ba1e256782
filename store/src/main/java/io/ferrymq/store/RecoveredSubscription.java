package io.ferrymq.store;

/**
 * A durable subscription as recovered.
 *
 * @param subscriptionId the broker's id for the subscription
 * @param settings       the bytes given to {@link Store#createSubscription}
 */
public record RecoveredSubscription(long subscriptionId, byte[] settings) {}
