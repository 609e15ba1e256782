package io.ferrymq.it;

/** The SASL mechanisms every client is tried with. */
enum Mechanism {
    ANONYMOUS("ANONYMOUS"),
    PLAIN("PLAIN"),
    SCRAM_SHA_256("SCRAM-SHA-256");

    final String saslName;

    Mechanism(String saslName) {
        this.saslName = saslName;
    }

    /** True when the mechanism needs the user's name and password. */
    boolean needsCredentials() {
        return this != ANONYMOUS;
    }

    /** The identity the server should see after authentication. */
    String expectedPrincipal() {
        return this == ANONYMOUS ? "anonymous" : InteropTestSupport.USER;
    }

    @Override
    public String toString() {
        return saslName;
    }
}
