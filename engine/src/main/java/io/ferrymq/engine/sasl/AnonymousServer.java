package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import java.nio.charset.StandardCharsets;

/** ANONYMOUS (RFC 4505): no credentials; any trace information the client sends is ignored. */
public final class AnonymousServer implements SaslServerMechanism {
    /** The principal anonymous connections get. */
    public static final String PRINCIPAL = "anonymous";

    private String trace;

    @Override
    public Binary respond(Binary response) {
        if (response != null && response.length() > 0) {
            trace = new String(response.toByteArray(), StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public String principal() {
        return PRINCIPAL;
    }

    /** What the client offered as trace information, or null. */
    public String trace() {
        return trace;
    }
}
