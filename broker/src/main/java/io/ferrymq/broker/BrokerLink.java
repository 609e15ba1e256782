package io.ferrymq.broker;

import io.ferrymq.engine.Link;

/**
 * What the broker attaches for a peer's link: a producer (messages in), a consumer (messages out of a queue) or a
 * transaction coordinator ({@code transactions.xml#doc-coordination}). A connection keeps its links as these, so
 * that a new kind is one more permitted class the compiler makes every dispatch handle, not one more {@code
 * instanceof} on an {@code Object} to remember.
 */
sealed interface BrokerLink permits ProducerLink, ConsumerLink, CoordinatorLink {
    /** The engine's link this one serves. */
    Link engineLink();

    /**
     * The link is done: the peer detached it ({@code linkClosed} when it closed it rather than detached it), or its
     * connection or session ended. Gives back what it held.
     */
    void closed(boolean linkClosed);
}
