package io.ferrymq.broker.config;

import java.time.Duration;

/**
 * Settings of an address, or of every address a pattern matches ({@code #} matches any words,
 * {@code *} one word; words are separated by dots). Null fields fall back to the broker's limits.
 *
 * @param match an address name or pattern
 * @param routing how it routes; null to follow the client's capabilities (anycast by default)
 * @param autoCreate whether an attach or message may create it
 * @param durable whether its queues (and messages marked durable) survive restarts
 * @param maxMessages most messages a queue holds (-1: no limit)
 * @param maxBytes most bytes a queue holds (-1: no limit)
 * @param maxDeliveries delivery attempts before a message is dead-lettered
 * @param deadLetterAddress where dead letters go ("" for nowhere: they are dropped)
 * @param expiryAddress where expired messages go ("" for nowhere)
 * @param autoDelete whether a queue made on demand is deleted once unused (no consumers, no producers attached to its
 *     address, no messages) for {@code autoDeleteDelay}; null for the default: yes, unless an entry names the address
 *     exactly or it is a dead-letter or expiry address
 * @param autoDeleteDelay how long a queue must stay unused before it is deleted; null for the default (60 s)
 */
public record AddressConfig(
        String match,
        RoutingType routing,
        Boolean autoCreate,
        Boolean durable,
        Long maxMessages,
        Long maxBytes,
        Integer maxDeliveries,
        String deadLetterAddress,
        String expiryAddress,
        Boolean autoDelete,
        Duration autoDeleteDelay) {

    /** An entry that leaves auto-delete to its default. */
    public AddressConfig(
            String match,
            RoutingType routing,
            Boolean autoCreate,
            Boolean durable,
            Long maxMessages,
            Long maxBytes,
            Integer maxDeliveries,
            String deadLetterAddress,
            String expiryAddress) {
        this(
                match,
                routing,
                autoCreate,
                durable,
                maxMessages,
                maxBytes,
                maxDeliveries,
                deadLetterAddress,
                expiryAddress,
                null,
                null);
    }

    /**
     * A builder for an entry matching {@code match}, every other setting left to its default: {@code
     * AddressConfig.match("orders").maxMessages(5).deadLetterAddress("orders.dead").build()} reads better than nine
     * positional values, most of them null.
     */
    public static Builder match(String match) {
        return new Builder(match);
    }

    /** Builds an {@link AddressConfig}; each setter is named after the setting it sets. */
    public static final class Builder {
        private final String match;
        private RoutingType routing;
        private Boolean autoCreate;
        private Boolean durable;
        private Long maxMessages;
        private Long maxBytes;
        private Integer maxDeliveries;
        private String deadLetterAddress;
        private String expiryAddress;
        private Boolean autoDelete;
        private Duration autoDeleteDelay;

        private Builder(String match) {
            this.match = match;
        }

        public Builder routing(RoutingType v) {
            routing = v;
            return this;
        }

        public Builder autoCreate(boolean v) {
            autoCreate = v;
            return this;
        }

        public Builder durable(boolean v) {
            durable = v;
            return this;
        }

        public Builder maxMessages(long v) {
            maxMessages = v;
            return this;
        }

        public Builder maxBytes(long v) {
            maxBytes = v;
            return this;
        }

        public Builder maxDeliveries(int v) {
            maxDeliveries = v;
            return this;
        }

        public Builder deadLetterAddress(String v) {
            deadLetterAddress = v;
            return this;
        }

        public Builder expiryAddress(String v) {
            expiryAddress = v;
            return this;
        }

        public Builder autoDelete(boolean v) {
            autoDelete = v;
            return this;
        }

        public Builder autoDeleteDelay(Duration v) {
            autoDeleteDelay = v;
            return this;
        }

        public AddressConfig build() {
            return new AddressConfig(
                    match,
                    routing,
                    autoCreate,
                    durable,
                    maxMessages,
                    maxBytes,
                    maxDeliveries,
                    deadLetterAddress,
                    expiryAddress,
                    autoDelete,
                    autoDeleteDelay);
        }
    }

    /** True when {@code address} is named by {@code pattern}. */
    public static boolean matches(String pattern, String address) {
        if (pattern.equals(address) || pattern.equals("#")) {
            return true;
        }
        String[] p = pattern.split("\\.", -1);
        String[] a = address.split("\\.", -1);
        return matchFrom(p, 0, a, 0);
    }

    private static boolean matchFrom(String[] p, int i, String[] a, int j) {
        if (i == p.length) {
            return j == a.length;
        }
        if (p[i].equals("#")) {
            for (int k = j; k <= a.length; k++) {
                if (matchFrom(p, i + 1, a, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == a.length) {
            return false;
        }
        return (p[i].equals("*") || p[i].equals(a[j])) && matchFrom(p, i + 1, a, j + 1);
    }

    /** True when this is a pattern rather than one address. */
    public boolean isPattern() {
        return match.contains("#") || match.contains("*");
    }
}
