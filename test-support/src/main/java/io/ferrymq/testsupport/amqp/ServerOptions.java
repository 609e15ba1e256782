package io.ferrymq.testsupport.amqp;

import io.ferrymq.codec.ErrorCondition;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How an {@link AmqpTestServer} answers: its container-id, its users, whether it also serves TLS, and the addresses
 * where it does something else than keep and hand out messages.
 */
public final class ServerOptions {
    private String containerId = "ferry-test-server";
    private int threads = 1;
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean anonymous = true;
    private Path tlsDir;
    private final Map<String, ErrorCondition> refused = new HashMap<>();
    private final Set<String> withoutCredit = new HashSet<>();
    private final Map<String, ErrorCondition> closedAtFirstMessage = new HashMap<>();

    /** The container-id of the server's open. */
    public ServerOptions containerId(String containerId) {
        this.containerId = containerId;
        return this;
    }

    String containerId() {
        return containerId;
    }

    /** Event loop threads the connections share (1 unless set). */
    public ServerOptions threads(int threads) {
        this.threads = threads;
        return this;
    }

    int threads() {
        return threads;
    }

    /** A user SASL PLAIN and SCRAM take. */
    public ServerOptions user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** Whether SASL ANONYMOUS is taken (it is unless set otherwise). */
    public ServerOptions anonymous(boolean allowed) {
        this.anonymous = allowed;
        return this;
    }

    boolean anonymous() {
        return anonymous;
    }

    /** A second port serves TLS only, with a {@link TestPki} written to {@code dir}. */
    public ServerOptions tls(Path dir) {
        this.tlsDir = dir;
        return this;
    }

    /** A link to or from {@code address} is refused: attached with no terminus, then closed with {@code error}. */
    public ServerOptions refuse(String address, ErrorCondition error) {
        refused.put(address, error);
        return this;
    }

    /** A link on which the client sends to {@code address} is attached, but never given credit. */
    public ServerOptions withholdCredit(String address) {
        withoutCredit.add(address);
        return this;
    }

    /** A link on which the client sends to {@code address} is closed with {@code error} when a message comes. */
    public ServerOptions closeLinkAtFirstMessage(String address, ErrorCondition error) {
        closedAtFirstMessage.put(address, error);
        return this;
    }

    Map<String, String> users() {
        return users;
    }

    /** Where the TLS port's certificates go, or null when there is no TLS port. */
    Path tlsDir() {
        return tlsDir;
    }

    /** Why a link to or from {@code address} is refused, or null when it is not. */
    ErrorCondition refusal(String address) {
        return refused.get(address);
    }

    boolean withholdsCredit(String address) {
        return withoutCredit.contains(address);
    }

    /** The error a link sending to {@code address} is closed with at its first message, or null. */
    ErrorCondition closingError(String address) {
        return closedAtFirstMessage.get(address);
    }
}
