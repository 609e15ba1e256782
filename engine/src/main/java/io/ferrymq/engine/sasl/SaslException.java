package io.ferrymq.engine.sasl;

import io.ferrymq.codec.security.SaslCode;

/** Authentication failed; the code is the one sent in the sasl-outcome. */
public class SaslException extends Exception {
    private final SaslCode code;

    public SaslException(String message) {
        this(SaslCode.AUTH, message);
    }

    public SaslException(SaslCode code, String message) {
        super(message);
        this.code = code;
    }

    public SaslCode code() {
        return code;
    }
}
