package io.ferrymq.broker.address;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.broker.config.RoutingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The settings that apply to one address, folded from the configuration's entries that match it
 * (the exact name first, then patterns from the most specific) over the broker's limits.
 */
public record AddressPolicy(
        RoutingType routing,
        boolean autoCreate,
        boolean durable,
        long maxMessages,
        long maxBytes,
        int maxDeliveries,
        String deadLetterAddress,
        String expiryAddress,
        boolean autoDelete,
        long autoDeleteDelayMillis) {

    /** How long a queue made on demand stays unused before it is deleted, unless configured. */
    public static final long AUTO_DELETE_DELAY_MILLIS = 60_000;

    public static AddressPolicy resolve(String address, List<AddressConfig> entries, Limits limits) {
        List<AddressConfig> matching = new ArrayList<>();
        for (AddressConfig c : entries) {
            if (AddressConfig.matches(c.match(), address)) {
                matching.add(c);
            }
        }
        matching.sort(Comparator.comparingInt(AddressPolicy::specificity).reversed());
        RoutingType routing = null;
        Boolean autoCreate = null;
        Boolean durable = null;
        Long maxMessages = null;
        Long maxBytes = null;
        Integer maxDeliveries = null;
        String dla = null;
        String expiry = null;
        Boolean autoDelete = null;
        Duration autoDeleteDelay = null;
        boolean named = false;
        for (AddressConfig c : matching) {
            named |= !c.isPattern();
            autoDelete = autoDelete != null ? autoDelete : c.autoDelete();
            autoDeleteDelay = autoDeleteDelay != null ? autoDeleteDelay : c.autoDeleteDelay();
            routing = routing != null ? routing : c.routing();
            autoCreate = autoCreate != null ? autoCreate : c.autoCreate();
            durable = durable != null ? durable : c.durable();
            maxMessages = maxMessages != null ? maxMessages : c.maxMessages();
            maxBytes = maxBytes != null ? maxBytes : c.maxBytes();
            maxDeliveries = maxDeliveries != null ? maxDeliveries : c.maxDeliveries();
            dla = dla != null ? dla : c.deadLetterAddress();
            expiry = expiry != null ? expiry : c.expiryAddress();
        }
        return new AddressPolicy(
                routing,
                autoCreate != null ? autoCreate : false,
                durable == null || durable,
                maxMessages != null ? maxMessages : -1,
                maxBytes != null ? maxBytes : -1,
                maxDeliveries != null ? maxDeliveries : limits.maxDeliveries(),
                dla != null ? dla : limits.deadLetterAddress(),
                expiry != null ? expiry : limits.expiryAddress(),
                autoDelete != null ? autoDelete : !named && !holdsCopies(address, entries, limits),
                autoDeleteDelay != null ? autoDeleteDelay.toMillis() : AUTO_DELETE_DELAY_MILLIS);
    }

    /**
     * True for an address that holds copies of other addresses' messages: the dead-letter or expiry address of the
     * limits or of any entry (its queues are kept by default, and its consumers see only what they may read).
     */
    public static boolean holdsCopies(String address, List<AddressConfig> entries, Limits limits) {
        if (address.equals(limits.deadLetterAddress()) || address.equals(limits.expiryAddress())) {
            return true;
        }
        for (AddressConfig c : entries) {
            if (address.equals(c.deadLetterAddress()) || address.equals(c.expiryAddress())) {
                return true;
            }
        }
        return false;
    }

    /** Exact names beat patterns; among patterns, more literal words beat fewer. */
    private static int specificity(AddressConfig c) {
        if (!c.isPattern()) {
            return Integer.MAX_VALUE;
        }
        int literal = 0;
        for (String word : c.match().split("\\.", -1)) {
            if (!word.equals("#") && !word.equals("*")) {
                literal += 2;
            } else if (word.equals("*")) {
                literal += 1;
            }
        }
        return literal;
    }
}
