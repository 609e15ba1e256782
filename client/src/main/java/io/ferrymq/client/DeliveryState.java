package io.ferrymq.client;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of a delivery as one end gives it ({@code messaging.xml#doc-delivery-state}): the
 * outcomes accepted, released, rejected and modified, or another state the peer sent.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public sealed interface DeliveryState {
    /** True for {@link AcceptedState}. */
    default boolean isAccepted() {
        return this instanceof AcceptedState;
    }

    /** The message was processed. */
    record AcceptedState() implements DeliveryState {
        static final AcceptedState INSTANCE = new AcceptedState();
    }

    /** The message was not processed and may go to another receiver. */
    record ReleasedState() implements DeliveryState {
        static final ReleasedState INSTANCE = new ReleasedState();
    }

    /** The message is invalid: {@code condition} and {@code description} tell why (either may be null). */
    record RejectedState(String condition, String description) implements DeliveryState {}

    /** The message was not processed, with hints for redelivery. */
    record ModifiedState(boolean deliveryFailed, boolean undeliverableHere, Map<String, Object> annotations)
            implements DeliveryState {}

    /** A state this client has no name for (for example a transactional state). */
    record OtherState(Object state) implements DeliveryState {}

    // The shared instances live in the records, not here: an interface constant of a subtype makes the two classes'
    // initialisations wait on each other when two threads start them at once.

    /** The accepted state. */
    static DeliveryState accepted() {
        return AcceptedState.INSTANCE;
    }

    /** The released state. */
    static DeliveryState released() {
        return ReleasedState.INSTANCE;
    }

    static DeliveryState rejected(String condition, String description) {
        return new RejectedState(condition, description);
    }

    static DeliveryState modified(boolean deliveryFailed, boolean undeliverableHere) {
        return new ModifiedState(deliveryFailed, undeliverableHere, null);
    }

    /** This client's form of a codec state; null stays null. */
    static DeliveryState of(io.ferrymq.codec.messaging.DeliveryState state) {
        if (state == null) {
            return null;
        }
        if (state instanceof Accepted) {
            return AcceptedState.INSTANCE;
        }
        if (state instanceof Released) {
            return ReleasedState.INSTANCE;
        }
        if (state instanceof Rejected r) {
            ErrorCondition e = r.error();
            return new RejectedState(
                    e == null || e.condition() == null ? null : e.condition().toString(),
                    e == null ? null : e.description());
        }
        if (state instanceof Modified m) {
            Map<String, Object> annotations = null;
            if (m.messageAnnotations() != null) {
                annotations = new HashMap<>();
                for (var e : m.messageAnnotations().entrySet()) {
                    annotations.put(e.getKey().toString(), e.getValue());
                }
            }
            return new ModifiedState(m.deliveryFailed(), m.undeliverableHere(), annotations);
        }
        return new OtherState(state);
    }

    /** The codec's form of this state. */
    static io.ferrymq.codec.messaging.DeliveryState toCodec(DeliveryState state) {
        return switch (state) {
            case null -> null;
            case AcceptedState a -> Accepted.INSTANCE;
            case ReleasedState r -> Released.INSTANCE;
            case RejectedState r ->
                new Rejected(
                        r.condition() == null
                                ? null
                                : new ErrorCondition(Symbol.valueOf(r.condition()), r.description()));
            case ModifiedState m -> {
                Map<Symbol, Object> annotations = null;
                if (m.annotations() != null) {
                    annotations = new HashMap<>();
                    for (var e : m.annotations().entrySet()) {
                        annotations.put(Symbol.valueOf(e.getKey()), e.getValue());
                    }
                }
                yield new Modified(m.deliveryFailed(), m.undeliverableHere(), annotations);
            }
            case OtherState o -> (io.ferrymq.codec.messaging.DeliveryState) o.state();
        };
    }
}
