package io.ferrymq.store;

/**
 * A record read back failed its CRC32C or does not hold the message asked for.
 */
public final class StoreCorruptionException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the data directory or file */
    public StoreCorruptionException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public StoreCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
