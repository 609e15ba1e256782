package io.ferrymq.engine.sasl;

import java.util.EnumMap;
import java.util.Map;
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

    @Override
    public ScramCredential credential(String username, ScramAlgorithm algorithm) {
        Map<ScramAlgorithm, ScramCredential> credentials = users.get(username);
        return credentials == null ? null : credentials.get(algorithm);
    }
}
