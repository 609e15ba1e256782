package io.ferrymq.client;

/**
 * The ways a receiver settles a message, shared by {@link Delivery} and {@link StreamDelivery}:
 * each is a {@link #disposition} with an outcome.
 *
 * @param <D> the delivery type, returned for chaining
 */
public interface Settlement<D extends Settlement<D>> {
    /** Sends {@code state} for the delivery and, when {@code settle}, settles it. */
    D disposition(DeliveryState state, boolean settle);

    /** Accepts and settles the message: it was processed. */
    default D accept() {
        return disposition(DeliveryState.accepted(), true);
    }

    /** Releases the message: it goes to another receiver, or to this one again. */
    default D release() {
        return disposition(DeliveryState.released(), true);
    }

    /** Rejects the message as invalid ({@code condition} such as "amqp:internal-error" may be null). */
    default D reject(String condition, String description) {
        return disposition(DeliveryState.rejected(condition, description), true);
    }

    /** Modifies the message: not processed, with hints for its next delivery. */
    default D modify(boolean deliveryFailed, boolean undeliverableHere) {
        return disposition(DeliveryState.modified(deliveryFailed, undeliverableHere), true);
    }

    /** Settles the delivery with no outcome. */
    default D settle() {
        return disposition(null, true);
    }
}
