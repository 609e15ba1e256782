package io.ferrymq.client;

/** Settings of a {@link Session}. */
public final class SessionOptions {
    private long incomingCapacity;

    /** Bytes of received payload the session holds before the server must wait; 0 for the connection's. */
    public long incomingCapacity() {
        return incomingCapacity;
    }

    public SessionOptions incomingCapacity(long bytes) {
        this.incomingCapacity = bytes;
        return this;
    }

    /** A copy, independent of this one: a session keeps its own. */
    public SessionOptions copy() {
        return new SessionOptions().incomingCapacity(incomingCapacity);
    }
}
