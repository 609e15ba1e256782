package io.ferrymq.engine;

import io.ferrymq.codec.ErrorCondition;

/**
 * What the engine reports while it is driven. Every method is called on the thread driving the
 * engine, during {@link Engine#ingest}, {@link Engine#tick} or an application call, and may call
 * back into the engine. The defaults do nothing.
 */
public interface EngineHandler {
    /** The peer's open arrived: its values are on {@link Connection}. */
    default void onRemoteOpen(Connection connection) {}

    /** The peer closed the connection, maybe with an error ({@link Connection#remoteError()}). */
    default void onRemoteClose(Connection connection) {}

    /** The peer began a session: answer with {@link Session#begin()} or end it. */
    default void onRemoteBegin(Session session) {}

    /** The peer ended a session. */
    default void onRemoteEnd(Session session) {}

    /**
     * The peer attached a link. For a link this end did not start, set its terminus and modes
     * and {@link Link#attach()}, or attach and close it with an error.
     */
    default void onRemoteAttach(Link link) {}

    /** The peer detached or closed a link ({@link Link#remoteDetach()}). */
    default void onRemoteDetach(Link link) {}

    /**
     * A flow for a link arrived: on a {@link Sender}, new credit or a request to drain; on a
     * {@link Receiver}, the sender's delivery-count (a drain answered) and available count.
     */
    default void onFlow(Link link) {}

    /**
     * A flow arrived on the session (for it alone, or for one of its links, after {@link #onFlow}): the peer's
     * incoming window may have changed, and deliveries waiting for it ({@link Session#queuedForWrite()}) have been
     * framed as far as it allows.
     */
    default void onSessionFlow(Session session) {}

    /**
     * A transfer frame arrived on a {@link Receiver}: a new delivery, more of a partial one
     * ({@link Delivery#isPartial()}), or an abort ({@link Delivery#isAborted()}).
     */
    default void onDelivery(Delivery delivery) {}

    /** The peer's state or settlement of a delivery changed. */
    default void onDeliveryUpdated(Delivery delivery) {}

    /** SASL ended ({@link Engine#saslOutcome()}); on success AMQP follows. */
    default void onSaslDone(Engine engine) {}

    /**
     * The engine found the peer breaking the protocol (or the application's handler threw) and
     * closed the connection with {@code error}. The transport should flush the output and close.
     */
    default void onFailure(Engine engine, ErrorCondition error) {}
}
