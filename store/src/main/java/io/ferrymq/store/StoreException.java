package io.ferrymq.store;

/**
 * Base of the errors the store reports: the message says what failed and where.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
