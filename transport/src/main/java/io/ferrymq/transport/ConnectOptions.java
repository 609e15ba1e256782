package io.ferrymq.transport;

import java.net.URI;
import java.util.Locale;

/** Where and how a connector reaches a server. */
public final class ConnectOptions {
    private String host = "127.0.0.1";
    private int port = 5672;
    private TlsOptions tls;
    private boolean tlsHeader;
    private String webSocketPath;
    private int connectTimeoutMillis = 10_000;

    /**
     * Options from a URI: {@code amqp://host:port}, {@code amqps://} (TLS), {@code amqpws://} and
     * {@code amqpwss://} (WebSocket, the path taken from the URI). TLS settings beyond the
     * default trust must be set afterwards.
     */
    public static ConnectOptions fromUri(URI uri) {
        ConnectOptions o = new ConnectOptions();
        String scheme = uri.getScheme() == null ? "amqp" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("amqps") || scheme.equals("amqpwss");
        boolean ws = scheme.equals("amqpws") || scheme.equals("amqpwss");
        if (!scheme.equals("amqp") && !secure && !ws) {
            throw new IllegalArgumentException("unknown scheme '" + scheme + "': use amqp, amqps, amqpws or amqpwss");
        }
        o.host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        o.port = uri.getPort() > 0 ? uri.getPort() : secure && !ws ? 5671 : ws ? (secure ? 443 : 80) : 5672;
        if (secure) {
            o.tls = new TlsOptions();
        }
        if (ws) {
            o.webSocketPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        }
        return o;
    }

    public String host() {
        return host;
    }

    public ConnectOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    public ConnectOptions port(int port) {
        this.port = port;
        return this;
    }

    public TlsOptions tls() {
        return tls;
    }

    public ConnectOptions tls(TlsOptions tls) {
        this.tls = tls;
        return this;
    }

    public boolean tlsHeader() {
        return tlsHeader;
    }

    /** Starts TLS after exchanging the AMQP TLS header ({@code security.xml#doc-tls}) rather than straight away. */
    public ConnectOptions tlsHeader(boolean tlsHeader) {
        this.tlsHeader = tlsHeader;
        return this;
    }

    public String webSocketPath() {
        return webSocketPath;
    }

    /** Speaks AMQP over a WebSocket at this path; null for plain TCP. */
    public ConnectOptions webSocketPath(String path) {
        this.webSocketPath = path;
        return this;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public ConnectOptions connectTimeoutMillis(int millis) {
        this.connectTimeoutMillis = millis;
        return this;
    }

    @Override
    public String toString() {
        String scheme = (webSocketPath != null ? "amqpws" : "amqp") + (tls != null ? "s" : "");
        return scheme + "://" + host + ":" + port + (webSocketPath != null ? webSocketPath : "");
    }
}
