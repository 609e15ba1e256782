package io.ferrymq.engine.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Users held in memory, each with SCRAM credentials for every algorithm (never the password). */
public final class InMemoryUserStore implements UserStore {
    private final Map<String, Map<ScramAlgorithm, ScramCredential>> users = new ConcurrentHashMap<>();

    /** Adds (or replaces) a user, deriving credentials from {@code password} for every algorithm. */
    public InMemoryUserStore add(String username, String password) {
        Map<ScramAlgorithm, ScramCredential> credentials = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            credentials.put(a, ScramCredential.create(a, password));
        }
        users.put(username, credentials);
        return this;
    }

    /** Adds (or replaces) a user from stored credentials. */
    public InMemoryUserStore add(String username, ScramCredential... credentials) {
        Map<ScramAlgorithm, ScramCredential> map = new EnumMap<>(ScramAlgorithm.class);
        for (ScramCredential c : credentials) {
            map.put(c.algorithm(), c);
        }
        users.put(username, map);
        return this;
    }

    /**
     * A digest of every user's server keys (secret, and stable while the users are): the made-up salts of unknown users
     * stay the same across restarts with the same users, as real users' salts do.
     */
    @Override
    public byte[] mockSaltKey() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(users).forEach((name, credentials) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                credentials.values().forEach(c -> digest.update(c.serverKey()));
            });
            return users.isEmpty() ? UserStore.super.mockSaltKey() : digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public ScramCredential credential(String username, ScramAlgorithm algorithm) {
        Map<ScramAlgorithm, ScramCredential> credentials = users.get(username);
        return credentials == null ? null : credentials.get(algorithm);
    }
}
