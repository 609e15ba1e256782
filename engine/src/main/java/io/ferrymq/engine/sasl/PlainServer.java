package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import java.nio.charset.StandardCharsets;

/**
 * PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd} in the initial response, checked
 * against the stored SCRAM credentials (a PLAIN password is verified by deriving the same keys).
 */
public final class PlainServer implements SaslServerMechanism {
    private static final int MAX_RESPONSE = 4096;
    private final UserStore users;
    private String principal;

    public PlainServer(UserStore users) {
        this.users = users;
    }

    @Override
    public Binary respond(Binary response) throws SaslException {
        if (response == null || response.length() == 0) {
            // RFC 4616: no initial response; ask for it with an empty challenge.
            if (principal == null && response == null) {
                return Binary.EMPTY;
            }
            throw new SaslException("PLAIN needs a response of authzid NUL authcid NUL password");
        }
        if (response.length() > MAX_RESPONSE) {
            throw new SaslException("PLAIN response longer than " + MAX_RESPONSE + " bytes");
        }
        byte[] bytes = response.toByteArray();
        int first = indexOf(bytes, 0);
        int second = first < 0 ? -1 : indexOf(bytes, first + 1);
        if (first < 0 || second < 0) {
            throw new SaslException("PLAIN response is not authzid NUL authcid NUL password");
        }
        String authzid = new String(bytes, 0, first, StandardCharsets.UTF_8);
        String username = new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(bytes, second + 1, bytes.length - second - 1, StandardCharsets.UTF_8);
        if (!authzid.isEmpty() && !authzid.equals(username)) {
            throw new SaslException("PLAIN: acting as another user ('" + authzid + "') is not allowed");
        }
        ScramCredential credential = users.credential(username, ScramAlgorithm.SHA_256);
        if (credential == null) {
            credential = users.credential(username, ScramAlgorithm.SHA_512);
        }
        if (credential == null || !credential.matches(password)) {
            throw new SaslException("authentication failed for user '" + username + "'");
        }
        principal = username;
        return null;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String principal() {
        return principal;
    }
}
