package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;
import java.util.Arrays;
import java.util.List;

/**
 * What a client authenticates with. The mechanism is chosen from the server's offer, most
 * secure first: EXTERNAL (when a TLS client certificate is in use), SCRAM-SHA-512,
 * SCRAM-SHA-256, PLAIN (with a user name), ANONYMOUS; {@code allowed} narrows the choice.
 *
 * @param username the user, or null for anonymous
 * @param password the password, or null
 * @param allowed the mechanisms the client may use, or null for any
 * @param external whether a TLS client certificate identifies the client (enables EXTERNAL)
 */
public record SaslCredentials(String username, String password, List<Symbol> allowed, boolean external) {
    private static final List<Symbol> PREFERENCE = List.of(
            Mechanisms.EXTERNAL,
            Mechanisms.SCRAM_SHA_512,
            Mechanisms.SCRAM_SHA_256,
            Mechanisms.PLAIN,
            Mechanisms.ANONYMOUS);

    public static SaslCredentials anonymous() {
        return new SaslCredentials(null, null, null, false);
    }

    public static SaslCredentials of(String username, String password) {
        return new SaslCredentials(username, password, null, false);
    }

    /** The same credentials, restricted to {@code mechanisms}. */
    public SaslCredentials only(String... mechanisms) {
        return new SaslCredentials(
                username,
                password,
                Arrays.stream(mechanisms).map(Symbol::valueOf).toList(),
                external);
    }

    /** The same credentials, with EXTERNAL available. */
    public SaslCredentials withExternal() {
        return new SaslCredentials(username, password, allowed, true);
    }

    /** The mechanism to use from the server's offer, or null when none fits. */
    public SaslClientMechanism choose(Symbol[] offered) {
        List<Symbol> offer = offered == null ? List.of() : Arrays.asList(offered);
        for (Symbol m : PREFERENCE) {
            if (!offer.contains(m) || (allowed != null && !allowed.contains(m))) {
                continue;
            }
            SaslClientMechanism mechanism = create(m);
            if (mechanism != null) {
                return mechanism;
            }
        }
        return null;
    }

    private SaslClientMechanism create(Symbol m) {
        boolean hasUser = username != null && !username.isEmpty();
        if (Mechanisms.EXTERNAL.equals(m)) {
            return external ? new ExternalClient() : null;
        }
        if (Mechanisms.ANONYMOUS.equals(m)) {
            return new AnonymousClient();
        }
        if (!hasUser || password == null) {
            return null;
        }
        if (Mechanisms.PLAIN.equals(m)) {
            return new PlainClient(username, password);
        }
        ScramAlgorithm scram = ScramAlgorithm.forMechanism(m);
        return scram == null ? null : new ScramClient(scram, username, password);
    }

    @Override
    public String toString() {
        return "SaslCredentials{username=" + username + ", allowed=" + allowed + ", external=" + external + "}";
    }
}
