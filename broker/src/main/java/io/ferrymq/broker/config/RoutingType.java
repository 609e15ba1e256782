package io.ferrymq.broker.config;

import java.util.Locale;

/** How an address routes messages: to one queue that competing consumers share, or to every subscription. */
public enum RoutingType {
    /** Point to point: one queue, each message to one consumer. */
    ANYCAST,
    /** Publish/subscribe: each subscription gets its own copy. */
    MULTICAST;

    public static RoutingType parse(String text, String setting) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "anycast", "queue" -> ANYCAST;
            case "multicast", "topic" -> MULTICAST;
            default ->
                throw new ConfigException(setting + ": '" + text + "' is not a routing type (anycast or multicast)");
        };
    }
}
