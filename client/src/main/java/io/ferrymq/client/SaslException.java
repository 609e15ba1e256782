package io.ferrymq.client;

/** Authentication failed: wrong credentials, or no SASL mechanism both ends support. */
public class SaslException extends ClientException {
    public SaslException(String message) {
        super(message);
    }
}
