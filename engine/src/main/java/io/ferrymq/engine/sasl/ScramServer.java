package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM (RFC 5802, RFC 7677), without channel binding: client-first,
 * server-first, client-final with proof, then server-final (the server's signature) sent as a
 * challenge that the client answers with an empty response, as Qpid clients expect.
 *
 * <p>An unknown user gets a made-up salt, so the exchange does not tell whether a user exists.
 */
public final class ScramServer implements SaslServerMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_MESSAGE = 4096;

    private enum State {
        INITIAL,
        SERVER_FIRST_SENT,
        SERVER_FINAL_SENT,
        DONE
    }

    private final ScramAlgorithm algorithm;
    private final UserStore users;
    private State state = State.INITIAL;
    private String username;
    private ScramCredential credential;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String principal;

    public ScramServer(ScramAlgorithm algorithm, UserStore users) {
        this.algorithm = algorithm;
        this.users = users;
    }

    @Override
    public Binary respond(Binary response) throws SaslException {
        switch (state) {
            case INITIAL -> {
                if (response == null) {
                    return Binary.EMPTY;
                }
                return serverFirst(text(response));
            }
            case SERVER_FIRST_SENT -> {
                return serverFinal(text(response));
            }
            case SERVER_FINAL_SENT -> {
                state = State.DONE;
                principal = username;
                return null;
            }
            default -> throw new SaslException("SCRAM exchange is already complete");
        }
    }

    private static String text(Binary response) throws SaslException {
        if (response == null) {
            throw new SaslException("SCRAM needs a response");
        }
        if (response.length() > MAX_MESSAGE) {
            throw new SaslException("SCRAM message longer than " + MAX_MESSAGE + " bytes");
        }
        return new String(response.toByteArray(), StandardCharsets.UTF_8);
    }

    private Binary serverFirst(String clientFirst) throws SaslException {
        // gs2-header: "n,," (no channel binding) or "y,," (client could but thinks we cannot);
        // "p=" asks for channel binding, which is not offered.
        if (clientFirst.startsWith("p=")) {
            throw new SaslException("SCRAM channel binding is not supported");
        }
        if (!clientFirst.startsWith("n,") && !clientFirst.startsWith("y,")) {
            throw new SaslException("SCRAM client-first-message must start with a gs2 header");
        }
        int second = clientFirst.indexOf(',', 2);
        if (second < 0) {
            throw new SaslException("SCRAM client-first-message has no authzid separator");
        }
        String authzid = clientFirst.substring(2, second);
        gs2Header = clientFirst.substring(0, second + 1);
        clientFirstBare = clientFirst.substring(second + 1);
        String user = null;
        String clientNonce = null;
        for (String attribute : clientFirstBare.split(",", -1)) {
            if (attribute.startsWith("n=")) {
                user = unescape(attribute.substring(2));
            } else if (attribute.startsWith("r=")) {
                clientNonce = attribute.substring(2);
            } else if (attribute.startsWith("m=")) {
                throw new SaslException("SCRAM extension '" + attribute + "' is not supported");
            }
        }
        if (user == null || clientNonce == null || clientNonce.isEmpty()) {
            throw new SaslException("SCRAM client-first-message needs n= and r=");
        }
        if (!authzid.isEmpty() && !authzid.equals("a=" + escape(user))) {
            throw new SaslException("SCRAM: acting as another user is not allowed");
        }
        username = user;
        credential = users.credential(user, algorithm);
        if (credential == null) {
            // A made-up credential whose salt is derived from the name: the same at every attempt, so that it does not
            // tell an unknown user from a real one (whose salt is stable); the password is random, so no proof passes.
            credential = ScramCredential.derive(
                    algorithm,
                    randomText(),
                    mockSalt(users.mockSaltKey(), algorithm, user),
                    ScramCredential.DEFAULT_ITERATIONS);
            username = null;
        }
        nonce = clientNonce + randomText();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                + credential.iterations();
        state = State.SERVER_FIRST_SENT;
        return new Binary(serverFirst.getBytes(StandardCharsets.US_ASCII));
    }

    /** 24 bytes of HMAC-SHA-256(key, mechanism NUL username): a salt that looks like any other, stable per name. */
    static byte[] mockSalt(byte[] key, ScramAlgorithm algorithm, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(algorithm.mechanism().toString().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)), 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private Binary serverFinal(String clientFinal) throws SaslException {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new SaslException("SCRAM client-final-message has no proof");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String channelBinding = null;
        String finalNonce = null;
        for (String attribute : withoutProof.split(",", -1)) {
            if (attribute.startsWith("c=")) {
                channelBinding = attribute.substring(2);
            } else if (attribute.startsWith("r=")) {
                finalNonce = attribute.substring(2);
            }
        }
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.US_ASCII));
        if (!expectedBinding.equals(channelBinding)) {
            throw new SaslException("SCRAM channel binding data does not match the gs2 header");
        }
        if (!nonce.equals(finalNonce)) {
            throw new SaslException("SCRAM nonce does not match");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new SaslException("SCRAM proof is not Base64");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = algorithm.hmac(credential.storedKey(), authBytes);
        if (proof.length != clientSignature.length) {
            throw new SaslException("authentication failed");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (username == null || !MessageDigest.isEqual(algorithm.hash(clientKey), credential.storedKey())) {
            throw new SaslException("authentication failed");
        }
        byte[] serverSignature = algorithm.hmac(credential.serverKey(), authBytes);
        state = State.SERVER_FINAL_SENT;
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new Binary(serverFinal.getBytes(StandardCharsets.US_ASCII));
    }

    static String randomText() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder()
                .withoutPadding()
                .encodeToString(b)
                .replace('+', '-')
                .replace('/', '_');
    }

    static String escape(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    static String unescape(String name) throws SaslException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '=') {
                if (name.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (name.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    throw new SaslException("SCRAM user name has a bad escape");
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String principal() {
        return principal;
    }
}
