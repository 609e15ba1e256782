package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one of the store's threads has died. The first death is kept and logged once; from then on appends are
 * refused with it: what the store acknowledges must be durable, and a store missing a thread can no longer promise
 * that. What was durable before stays intact, and the next open recovers it.
 */
final class StoreFailure {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFailure.class);

    private final String dir;
    private volatile StoreIOException failure;

    StoreFailure(String dir) {
        this.dir = dir;
    }

    /** Records that {@code thread} stopped with {@code cause}; returns the store's failure (the first one recorded). */
    StoreIOException threadDied(String thread, Throwable cause) {
        StoreIOException mine = new StoreIOException(
                "the store in " + dir + " has failed: its thread " + thread + " stopped with " + cause
                        + "; durable appends are refused until the broker restarts",
                cause);
        synchronized (this) {
            if (failure != null) {
                LOG.error("{} also stopped, with {}", thread, cause.toString(), cause);
                return failure;
            }
            failure = mine;
        }
        LOG.error("{}", mine.getMessage(), cause);
        return mine;
    }

    /** The failure, or null while every thread runs. */
    StoreIOException failure() {
        return failure;
    }
}
