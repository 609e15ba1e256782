package io.ferrymq.engine.sasl;

import java.security.SecureRandom;

/** Where a server finds the credentials of its users. */
public interface UserStore {
    /** The user's credentials for {@code algorithm}, or null when there is no such user. */
    ScramCredential credential(String username, ScramAlgorithm algorithm);

    /**
     * A secret the SCRAM server keys the salts it makes up for unknown users with, so that an unknown user's salt is the
     * same at every attempt, as a real user's is (RFC 5802 section 5.1 leaves the server free to do so; a fresh random
     * salt per attempt told an attacker which names exist). By default a key random to this process; a store whose
     * contents are secret can derive one that also holds across restarts.
     */
    default byte[] mockSaltKey() {
        return ProcessKey.KEY;
    }

    /** The process-wide default for {@link #mockSaltKey()}. */
    final class ProcessKey {
        private static final byte[] KEY = new byte[32];

        static {
            new SecureRandom().nextBytes(KEY);
        }

        private ProcessKey() {}
    }
}
