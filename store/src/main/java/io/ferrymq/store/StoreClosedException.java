package io.ferrymq.store;

/**
 * The store is closed (or closing): the append was not accepted.
 */
public final class StoreClosedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreClosedException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
