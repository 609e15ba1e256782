package io.ferrymq.engine;

/** The state of one side of a connection, session or link. */
public enum EndpointState {
    /** Not yet opened (begun, attached). */
    UNINITIALIZED,
    /** Opened (begun, attached) and not yet closed. */
    ACTIVE,
    /** Closed (ended, detached). */
    CLOSED
}
