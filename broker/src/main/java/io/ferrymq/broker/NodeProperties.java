package io.ferrymq.broker;

import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.LifetimePolicy;
import io.ferrymq.codec.transport.AmqpError;
import java.util.Map;

/**
 * Checks the dynamic-node-properties a link asks for ({@code messaging.xml#type-node-properties}): a wrongly typed
 * property refuses the attach with {@code amqp:invalid-field} rather than being ignored.
 */
final class NodeProperties {
    static final Symbol LIFETIME_POLICY = Symbol.valueOf("lifetime-policy");
    static final Symbol SUPPORTED_DIST_MODES = Symbol.valueOf("supported-dist-modes");

    private NodeProperties() {}

    static void check(Map<Symbol, Object> properties) throws LinkRefusedException {
        if (properties == null) {
            return;
        }
        Object policy = properties.get(LIFETIME_POLICY);
        if (properties.containsKey(LIFETIME_POLICY) && !(policy instanceof LifetimePolicy)) {
            // "The value of this entry must be one of the defined lifetime-policies."
            throw new LinkRefusedException(
                    AmqpError.INVALID_FIELD,
                    "dynamic-node-properties: lifetime-policy must be "
                            + "delete-on-close, delete-on-no-links, delete-on-no-messages or delete-on-no-links-or-messages, "
                            + "not " + describe(policy));
        }
        Object modes = properties.get(SUPPORTED_DIST_MODES);
        if (properties.containsKey(SUPPORTED_DIST_MODES)
                && !(modes instanceof Symbol)
                && !(modes instanceof Symbol[])) {
            // "The value of this entry must be one or more symbols which are valid distribution-modes."
            throw new LinkRefusedException(
                    AmqpError.INVALID_FIELD,
                    "dynamic-node-properties: supported-dist-modes " + "must be a symbol or an array of symbols, not "
                            + describe(modes));
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }
}
