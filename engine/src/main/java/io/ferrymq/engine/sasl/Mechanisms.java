package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Symbol;

/** Names of the SASL mechanisms Ferry implements. */
public final class Mechanisms {
    private Mechanisms() {}

    public static final Symbol ANONYMOUS = Symbol.valueOf("ANONYMOUS");
    public static final Symbol PLAIN = Symbol.valueOf("PLAIN");
    public static final Symbol EXTERNAL = Symbol.valueOf("EXTERNAL");
    public static final Symbol SCRAM_SHA_256 = ScramAlgorithm.SHA_256.mechanism();
    public static final Symbol SCRAM_SHA_512 = ScramAlgorithm.SHA_512.mechanism();
}
