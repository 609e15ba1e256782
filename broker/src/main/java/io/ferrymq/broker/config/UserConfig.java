package io.ferrymq.broker.config;

import io.ferrymq.engine.sasl.ScramCredential;
import java.util.List;

/**
 * A user, with the SCRAM credentials derived from its password (never the password itself:
 * {@code ferry user hash} makes them).
 */
public record UserConfig(String name, List<ScramCredential> credentials) {}
