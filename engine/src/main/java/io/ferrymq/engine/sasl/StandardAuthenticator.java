package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual server policy: SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN against a {@link UserStore},
 * EXTERNAL when the client presented a TLS certificate, and ANONYMOUS when allowed.
 */
public final class StandardAuthenticator implements Authenticator {
    private final UserStore users;
    private final boolean allowAnonymous;

    public StandardAuthenticator(UserStore users, boolean allowAnonymous) {
        this.users = users;
        this.allowAnonymous = allowAnonymous;
    }

    public boolean allowsAnonymous() {
        return allowAnonymous;
    }

    @Override
    public Symbol[] mechanisms(SaslContext context) {
        List<Symbol> offered = new ArrayList<>();
        if (context.tlsPrincipal() != null) {
            offered.add(Mechanisms.EXTERNAL);
        }
        if (users != null) {
            offered.add(Mechanisms.SCRAM_SHA_512);
            offered.add(Mechanisms.SCRAM_SHA_256);
            offered.add(Mechanisms.PLAIN);
        }
        if (allowAnonymous) {
            offered.add(Mechanisms.ANONYMOUS);
        }
        return offered.toArray(new Symbol[0]);
    }

    @Override
    public SaslServerMechanism start(Symbol mechanism, SaslContext context) {
        if (Mechanisms.ANONYMOUS.equals(mechanism)) {
            return allowAnonymous ? new AnonymousServer() : null;
        }
        if (Mechanisms.EXTERNAL.equals(mechanism)) {
            return context.tlsPrincipal() != null ? new ExternalServer(context.tlsPrincipal()) : null;
        }
        if (users == null) {
            return null;
        }
        if (Mechanisms.PLAIN.equals(mechanism)) {
            return new PlainServer(users);
        }
        ScramAlgorithm scram = ScramAlgorithm.forMechanism(mechanism);
        return scram == null ? null : new ScramServer(scram, users);
    }
}
