package io.ferrymq.store;

/**
 * An I/O error while writing, forcing or reading the journal. Appends in flight when it happened fail with it; what was
 * durable before is intact. A broker maps it to {@code amqp:resource-limit-exceeded} for producers.
 */
public final class StoreIOException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreIOException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
