package io.ferrymq.broker;

import io.ferrymq.broker.queue.Queue;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.engine.LogText;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which messages a topic subscription takes: its selector, and whether it refuses messages from
 * its own connection (no-local). Applied when a message is routed, so a subscription never
 * holds what it would not deliver.
 */
final class SubscriptionFilters {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionFilters.class);

    private record Filter(Selector selector, boolean noLocal, String containerId) {}

    private final ConcurrentHashMap<Queue, Filter> filters = new ConcurrentHashMap<>();

    void set(Queue queue, String selector, boolean noLocal) {
        if (selector == null && !noLocal) {
            return;
        }
        try {
            filters.put(
                    queue,
                    new Filter(
                            selector == null ? null : Selector.parse(selector),
                            noLocal,
                            queue.settings().subscription() == null
                                    ? null
                                    : queue.settings().subscription().containerId()));
        } catch (Selector.InvalidSelectorException e) {
            LOG.warn(
                    "subscription {} has an invalid selector '{}' and takes every message: {}",
                    queue.name(),
                    LogText.safe(selector),
                    LogText.safe(e.getMessage()));
        }
    }

    void remove(Queue queue) {
        filters.remove(queue);
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    /** True when the subscription queue takes the message. */
    boolean admits(Queue queue, MessageInfo info, byte[] bytes, String origin) {
        Filter f = filters.get(queue);
        if (f == null) {
            return true;
        }
        if (f.noLocal && origin != null && origin.equals(f.containerId)) {
            return false;
        }
        if (f.selector == null) {
            return true;
        }
        Selector.Values values = info.view() != null
                ? Selector.messageValues(info.view(), SpecTypes.newDecoder())
                : Selector.messageValues(bytes);
        return f.selector.matches(values);
    }
}
