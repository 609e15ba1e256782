package io.ferrymq.store;

/**
 * Too many appends are pending ({@link StoreOptions#maxPendingAppends()}, {@link StoreOptions#maxPendingBytes()}):
 * the append was refused at once, nothing was written. Retry later, or withhold credit from producers until pending
 * appends complete.
 */
public final class StoreOverloadedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreOverloadedException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
