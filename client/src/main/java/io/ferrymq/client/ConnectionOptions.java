package io.ferrymq.client;

import io.ferrymq.transport.TlsOptions;
import java.time.Duration;

/**
 * Settings of a {@link Connection}: authentication (SASL), TLS, timeouts, limits and reconnect.
 * Every setting has a default.
 */
public final class ConnectionOptions {
    private String user;
    private String password;
    private String[] saslMechanisms;
    private boolean sasl = true;
    private TlsOptions tls;
    private boolean tlsHeader;
    private String virtualHost;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration sendTimeout = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private long maxFrameSize = 256 * 1024;
    private long sessionCapacity = 4L * 1024 * 1024;
    private ReconnectOptions reconnect = new ReconnectOptions();
    private ConnectionListener listener;

    /** The user to authenticate as (SASL PLAIN or SCRAM); null (the default) for ANONYMOUS. */
    public String user() {
        return user;
    }

    public ConnectionOptions user(String user) {
        this.user = user;
        return this;
    }

    public String password() {
        return password;
    }

    public ConnectionOptions password(String password) {
        this.password = password;
        return this;
    }

    public String[] saslMechanisms() {
        return saslMechanisms;
    }

    /** Restricts SASL to these mechanisms (for example "PLAIN"); by default the most secure both ends know. */
    public ConnectionOptions saslMechanisms(String... mechanisms) {
        this.saslMechanisms = mechanisms;
        return this;
    }

    public boolean sasl() {
        return sasl;
    }

    /** Whether to start with SASL (the default); off speaks AMQP at once, for servers that allow it. */
    public ConnectionOptions sasl(boolean sasl) {
        this.sasl = sasl;
        return this;
    }

    public TlsOptions tls() {
        return tls;
    }

    /** TLS settings; {@code amqps://} URIs turn TLS on with default trust when none are given. */
    public ConnectionOptions tls(TlsOptions tls) {
        this.tls = tls;
        return this;
    }

    public boolean tlsHeader() {
        return tlsHeader;
    }

    /** Start TLS after the AMQP TLS header rather than at once. */
    public ConnectionOptions tlsHeader(boolean tlsHeader) {
        this.tlsHeader = tlsHeader;
        return this;
    }

    public String virtualHost() {
        return virtualHost;
    }

    /** The host name to put in the open; by default the server's host. */
    public ConnectionOptions virtualHost(String host) {
        this.virtualHost = host;
        return this;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for the TCP connection and the server's open; default 10 s. */
    public ConnectionOptions connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long blocking calls without a timeout of their own wait (attach, drain); default 30 s. */
    public ConnectionOptions requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** How long a send waits for credit; default 30 s. */
    public ConnectionOptions sendTimeout(Duration timeout) {
        this.sendTimeout = timeout;
        return this;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How long a close waits for the server's answer; default 10 s. */
    public ConnectionOptions closeTimeout(Duration timeout) {
        this.closeTimeout = timeout;
        return this;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The connection is dropped when the server is silent this long (0 for never); default 60 s. */
    public ConnectionOptions idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    public long maxFrameSize() {
        return maxFrameSize;
    }

    /** The largest frame this end accepts; default 256 KiB. */
    public ConnectionOptions maxFrameSize(long bytes) {
        this.maxFrameSize = bytes;
        return this;
    }

    public long sessionCapacity() {
        return sessionCapacity;
    }

    /**
     * Bytes of received payload a session holds before the server must wait (the session's
     * incoming window); it bounds the memory a stream receiver uses. Default 4 MiB.
     */
    public ConnectionOptions sessionCapacity(long bytes) {
        this.sessionCapacity = bytes;
        return this;
    }

    /** Reconnect and failover settings (off unless enabled or a server is added). */
    public ReconnectOptions reconnect() {
        return reconnect;
    }

    public ConnectionListener listener() {
        return listener;
    }

    /** Hears of connection events: connected, interrupted, reconnected, failed, closed. */
    public ConnectionOptions listener(ConnectionListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * A copy, independent of this one. {@link Client#connect} keeps a copy, so a caller that changes its options after
     * connecting does not race the connection's thread, and {@link Connection#options()} hands out a copy. (The
     * {@link TlsOptions} and the listener are shared: they are objects of their own.)
     */
    public ConnectionOptions copy() {
        ConnectionOptions c = new ConnectionOptions();
        c.user = user;
        c.password = password;
        c.saslMechanisms = saslMechanisms == null ? null : saslMechanisms.clone();
        c.sasl = sasl;
        c.tls = tls;
        c.tlsHeader = tlsHeader;
        c.virtualHost = virtualHost;
        c.connectTimeout = connectTimeout;
        c.requestTimeout = requestTimeout;
        c.sendTimeout = sendTimeout;
        c.closeTimeout = closeTimeout;
        c.idleTimeout = idleTimeout;
        c.maxFrameSize = maxFrameSize;
        c.sessionCapacity = sessionCapacity;
        c.reconnect = reconnect.copy();
        c.listener = listener;
        return c;
    }
}
