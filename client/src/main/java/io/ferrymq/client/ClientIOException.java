package io.ferrymq.client;

/**
 * The connection could not be made or was lost (and reconnect is off or gave up): the server is
 * unreachable, the socket closed, TLS failed.
 */
public class ClientIOException extends ClientException {
    public ClientIOException(String message) {
        super(message);
    }

    public ClientIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
