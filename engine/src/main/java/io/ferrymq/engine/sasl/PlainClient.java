package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import java.nio.charset.StandardCharsets;

/** PLAIN (RFC 4616): NUL user NUL password in the initial response. */
public final class PlainClient implements SaslClientMechanism {
    private final String username;
    private final String password;

    public PlainClient(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public Symbol name() {
        return Mechanisms.PLAIN;
    }

    @Override
    public Binary initialResponse() {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        byte[] response = new byte[2 + user.length + pass.length];
        System.arraycopy(user, 0, response, 1, user.length);
        System.arraycopy(pass, 0, response, 2 + user.length, pass.length);
        return new Binary(response);
    }

    @Override
    public Binary challenge(Binary challenge) {
        return initialResponse();
    }

    @Override
    public void outcome(Binary additionalData) {}
}
