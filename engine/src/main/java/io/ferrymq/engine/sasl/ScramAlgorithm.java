package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hash functions of SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512. */
// Symbol is immutable (a final class of final fields).
@SuppressWarnings("ImmutableEnumChecker")
public enum ScramAlgorithm {
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512");

    private final Symbol mechanism;
    private final String digest;
    private final String hmac;

    ScramAlgorithm(String mechanism, String digest, String hmac) {
        this.mechanism = Symbol.valueOf(mechanism);
        this.digest = digest;
        this.hmac = hmac;
    }

    public Symbol mechanism() {
        return mechanism;
    }

    public static ScramAlgorithm forMechanism(Symbol mechanism) {
        for (ScramAlgorithm a : values()) {
            if (a.mechanism.equals(mechanism)) {
                return a;
            }
        }
        return null;
    }

    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest + " is not available", e);
        }
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with this HMAC. */
    byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, hmac));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
    }
}
