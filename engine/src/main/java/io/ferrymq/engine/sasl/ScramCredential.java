package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a server stores of a password for SCRAM (RFC 5802 section 3): the salt, the iteration
 * count, StoredKey and ServerKey. The password itself is not kept, and cannot be recovered.
 */
public record ScramCredential(
        ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    /** The iteration count new credentials get. */
    public static final int DEFAULT_ITERATIONS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Credentials for {@code password} with a fresh random salt. */
    public static ScramCredential create(ScramAlgorithm algorithm, String password) {
        byte[] salt = new byte[24];
        RANDOM.nextBytes(salt);
        return derive(algorithm, password, salt, DEFAULT_ITERATIONS);
    }

    /** Credentials for {@code password} with the given salt and iteration count. */
    public static ScramCredential derive(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
        byte[] salted = algorithm.saltedPassword(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = algorithm.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = algorithm.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(algorithm, salt, iterations, algorithm.hash(clientKey), serverKey);
    }

    /** True when {@code password} is the one these credentials were made from (for PLAIN). */
    public boolean matches(String password) {
        ScramCredential other = derive(algorithm, password, salt, iterations);
        return MessageDigest.isEqual(storedKey, other.storedKey);
    }

    /** A text form for configuration files: {@code algorithm:iterations:salt:storedKey:serverKey}, Base64. */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return algorithm.mechanism() + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
    }

    /** Parses {@link #encode()}'s form. */
    public static ScramCredential decode(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("a SCRAM credential has five ':'-separated parts, not " + parts.length);
        }
        ScramAlgorithm algorithm = ScramAlgorithm.forMechanism(Symbol.valueOf(parts[0]));
        if (algorithm == null) {
            throw new IllegalArgumentException("unknown SCRAM mechanism '" + parts[0] + "'");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramCredential(
                algorithm,
                b64.decode(parts[2]),
                Integer.parseInt(parts[1]),
                b64.decode(parts[3]),
                b64.decode(parts[4]));
    }
}
