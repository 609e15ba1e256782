package io.ferrymq.client;

/**
 * The base of every error the client reports. Blocking calls throw it (or a subclass); the
 * {@code CompletableFuture} forms complete exceptionally with it.
 */
public class ClientException extends RuntimeException {
    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
