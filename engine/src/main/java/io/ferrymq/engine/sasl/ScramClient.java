package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The client side of SCRAM (RFC 5802, RFC 7677), without channel binding. The server's final
 * message is accepted as a challenge (answered with an empty response) or as the outcome's
 * additional data; either way its signature must verify before the outcome is accepted.
 */
public final class ScramClient implements SaslClientMechanism {
    private static final String GS2_HEADER = "n,,";

    private final ScramAlgorithm algorithm;
    private final String username;
    private final String password;
    private final String clientNonce = ScramServer.randomText();
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;

    public ScramClient(ScramAlgorithm algorithm, String username, String password) {
        this.algorithm = algorithm;
        this.username = username;
        this.password = password;
    }

    @Override
    public Symbol name() {
        return algorithm.mechanism();
    }

    @Override
    public Binary initialResponse() {
        clientFirstBare = "n=" + ScramServer.escape(username) + ",r=" + clientNonce;
        return new Binary((GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Binary challenge(Binary challenge) throws SaslException {
        String text = new String(challenge.toByteArray(), StandardCharsets.UTF_8);
        if (expectedServerSignature == null) {
            return clientFinal(text);
        }
        verify(text);
        return Binary.EMPTY;
    }

    private Binary clientFinal(String serverFirst) throws SaslException {
        String nonce = null;
        String salt = null;
        int iterations = -1;
        for (String attribute : serverFirst.split(",", -1)) {
            if (attribute.startsWith("m=")) {
                throw new SaslException("server requires SCRAM extension '" + attribute + "'");
            } else if (attribute.startsWith("r=")) {
                nonce = attribute.substring(2);
            } else if (attribute.startsWith("s=")) {
                salt = attribute.substring(2);
            } else if (attribute.startsWith("i=")) {
                try {
                    iterations = Integer.parseInt(attribute.substring(2));
                } catch (NumberFormatException e) {
                    throw new SaslException("SCRAM iteration count is not a number: " + attribute);
                }
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce) || salt == null || iterations < 1) {
            throw new SaslException("SCRAM server-first-message is malformed: " + serverFirst);
        }
        byte[] saltedPassword;
        try {
            saltedPassword = algorithm.saltedPassword(
                    password.getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(salt),
                    iterations);
        } catch (IllegalArgumentException e) {
            throw new SaslException("SCRAM salt is not Base64");
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = algorithm.hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] clientSignature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = algorithm.hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
        expectedServerSignature = algorithm.hmac(serverKey, authMessage);
        String clientFinal = withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        return new Binary(clientFinal.getBytes(StandardCharsets.UTF_8));
    }

    private void verify(String serverFinal) throws SaslException {
        if (serverFinal.startsWith("e=")) {
            throw new SaslException("SCRAM server error: " + serverFinal.substring(2));
        }
        if (!serverFinal.startsWith("v=")) {
            throw new SaslException("SCRAM server-final-message has no verifier");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(serverFinal.substring(2).split(",", -1)[0]);
        } catch (IllegalArgumentException e) {
            throw new SaslException("SCRAM server signature is not Base64");
        }
        if (!MessageDigest.isEqual(expectedServerSignature, signature)) {
            throw new SaslException("SCRAM server signature does not verify: the server does not know the password");
        }
        verified = true;
    }

    @Override
    public void outcome(Binary additionalData) throws SaslException {
        if (!verified && additionalData != null && additionalData.length() > 0 && expectedServerSignature != null) {
            verify(new String(additionalData.toByteArray(), StandardCharsets.UTF_8));
        }
        if (!verified) {
            throw new SaslException("SCRAM exchange ended before the server proved it knows the password");
        }
    }
}
