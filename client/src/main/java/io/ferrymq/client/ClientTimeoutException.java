package io.ferrymq.client;

/** A wait passed its timeout: for credit, settlement, an open, a message, a close. */
public class ClientTimeoutException extends ClientException {
    public ClientTimeoutException(String message) {
        super(message);
    }
}
