package io.ferrymq.transport;

/**
 * What one connection's peer may cost in time and output: how long it has to open, how long it may leave output
 * unread, and how much output may wait for it.
 *
 * @param openTimeoutMillis from accept to the peer's AMQP open; 0 for ever
 * @param unreadTimeoutMillis how long the socket may stay full with nothing taken before the connection is closed;
 *     0 for ever
 * @param maxUnwrittenBytes output waiting to be written (in the engine and the socket's buffer) past which the
 *     connection is closed
 */
record OutboundLimits(long openTimeoutMillis, long unreadTimeoutMillis, long maxUnwrittenBytes) {
    /** A client's connection: the application decides how long to wait; it sends what it chose to. */
    static final OutboundLimits CLIENT = new OutboundLimits(0, 0, Long.MAX_VALUE);

    static OutboundLimits of(ListenerOptions options) {
        return new OutboundLimits(
                options.openTimeoutMillis(), options.unreadTimeoutMillis(), options.maxUnwrittenBytes());
    }
}
