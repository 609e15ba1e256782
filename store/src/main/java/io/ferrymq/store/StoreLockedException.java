package io.ferrymq.store;

/**
 * The data directory is in use by another store (in this or another process), found through its lock file.
 */
public final class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreLockedException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
