package io.ferrymq.broker.config;

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
public record AddressConfig(String match, RoutingType routing, Boolean autoCreate, Boolean durable, Long maxMessages,
        Long maxBytes, Integer maxDeliveries, String deadLetterAddress, String expiryAddress, Boolean autoDelete,
        java.time.Duration autoDeleteDelay) {

    /** An entry that leaves auto-delete to its default. */
    public AddressConfig(String match, RoutingType routing, Boolean autoCreate, Boolean durable, Long maxMessages,
            Long maxBytes, Integer maxDeliveries, String deadLetterAddress, String expiryAddress) {
        this(match, routing, autoCreate, durable, maxMessages, maxBytes, maxDeliveries, deadLetterAddress,
                expiryAddress, null, null);
    }

    /** True when {@code address} is named by {@code pattern}. */
    public static boolean matches(String pattern, String address) {
        if (pattern.equals(address) || pattern.equals("#")) {
            return true;
        }
        String[] p = pattern.split("\\.", -1);
        String[] a = address.split("\\.", -1);
        return match(p, 0, a, 0);
    }

    private static boolean match(String[] p, int i, String[] a, int j) {
        if (i == p.length) {
            return j == a.length;
        }
        if (p[i].equals("#")) {
            for (int k = j; k <= a.length; k++) {
                if (match(p, i + 1, a, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == a.length) {
            return false;
        }
        return (p[i].equals("*") || p[i].equals(a[j])) && match(p, i + 1, a, j + 1);
    }

    /** True when this is a pattern rather than one address. */
    public boolean isPattern() {
        return match.contains("#") || match.contains("*");
    }
}
