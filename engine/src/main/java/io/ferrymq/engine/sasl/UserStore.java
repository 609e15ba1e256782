package io.ferrymq.engine.sasl;

/** Where a server finds the credentials of its users. */
public interface UserStore {
    /** The user's credentials for {@code algorithm}, or null when there is no such user. */
    ScramCredential credential(String username, ScramAlgorithm algorithm);
}
