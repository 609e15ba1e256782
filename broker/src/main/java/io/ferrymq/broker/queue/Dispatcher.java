package io.ferrymq.broker.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives a queue's ready messages to its consumers: the next message in order to the next consumer, round-robin, that
 * wants it and has credit. On the way, a message whose time has come expires; one that every consumer with credit
 * refused (modified with undeliverable-here) is passed over for this pass rather than hold up the messages behind it;
 * and with selectors, when the head suits nobody with credit, a later message that suits someone goes first. The
 * queue's browsers are served at the end of each pass.
 *
 * <p>The queue's thread alone uses it: consumers' credit reaches it as a post to the queue's mailbox.
 */
final class Dispatcher {
    private static final int SELECTOR_SCAN_LIMIT = 10_000;

    private final Queue queue;
    private final ReadyMessages ready;
    private final Browsers browsers;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    /** Where the round-robin goes on from. */
    private int nextConsumer;
    /** Whether any consumer ever had a selector: only then may messages go out of order. */
    private boolean anySelective;
    /** A pass is under way (a consumer called back into the queue): the inner call does nothing. */
    private boolean dispatching;

    Dispatcher(Queue queue, ReadyMessages ready, Browsers browsers) {
        this.queue = queue;
        this.ready = ready;
        this.browsers = browsers;
    }

    void add(QueueConsumer consumer, boolean selective) {
        consumers.add(consumer);
        anySelective |= selective;
    }

    void remove(QueueConsumer consumer) {
        consumers.remove(consumer);
        if (nextConsumer >= consumers.size()) {
            nextConsumer = 0;
        }
    }

    int size() {
        return consumers.size();
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    void clear() {
        consumers.clear();
    }

    /** Gives out what it can: until no message is ready or no consumer takes the next one. */
    void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        List<QueueEntry> passedOver = null;
        try {
            long now = System.currentTimeMillis();
            while (ready.count() > 0 && !consumers.isEmpty()) {
                QueueEntry e = ready.next();
                if (e.message.expired(now)) {
                    ready.take(e);
                    queue.expire(e);
                    continue;
                }
                QueueConsumer c = choose(e);
                if (c == null && e.excludesAny()) {
                    // Refused (undeliverable-here) by every consumer that has credit: it must not hold
                    // up the messages behind it. It goes back in its place when this pass ends.
                    ready.take(e);
                    if (passedOver == null) {
                        passedOver = new ArrayList<>();
                    }
                    passedOver.add(e);
                    continue;
                }
                if (c == null) {
                    if (!anySelective || !dispatchOutOfOrder(now)) {
                        break;
                    }
                    continue;
                }
                ready.take(e);
                queue.give(e, c);
            }
            browsers.dispatch();
        } finally {
            if (passedOver != null) {
                passedOver.forEach(ready::putBack);
            }
            dispatching = false;
        }
    }

    private QueueConsumer choose(QueueEntry e) {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            int at = (nextConsumer + i) % n;
            QueueConsumer c = consumers.get(at);
            if (!e.excludes(c) && c.accepts(e) && c.tryClaim()) {
                nextConsumer = (at + 1) % n;
                return c;
            }
        }
        return null;
    }

    /**
     * With selectors, the message at the head may suit nobody with credit while later ones suit
     * someone: look further down the queue (a bounded distance) for one that does.
     */
    private boolean dispatchOutOfOrder(long now) {
        // Only messages in memory: the selector looks further only as far as memory holds the queue.
        for (QueueEntry e : ready.firstInMemory(SELECTOR_SCAN_LIMIT)) {
            if (e.message.expired(now)) {
                continue;
            }
            QueueConsumer c = choose(e);
            if (c != null) {
                ready.take(e);
                queue.give(e, c);
                return true;
            }
        }
        return false;
    }
}
