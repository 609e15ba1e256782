package io.ferrymq.store;

/**
 * The journal has no room: the disk is full or {@link StoreOptions#maxDiskBytes()} is reached. Appends fail with it until
 * compaction or the operator frees space; what is already written is intact. A broker maps it to
 * {@code amqp:resource-limit-exceeded}.
 */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreFullException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
