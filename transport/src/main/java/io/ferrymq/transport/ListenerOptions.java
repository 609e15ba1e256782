package io.ferrymq.transport;

/**
 * What a listener accepts on its port. One port can serve plain AMQP, TLS (directly, or after
 * the AMQP TLS header of {@code security.xml#doc-tls}) and AMQP over WebSocket at once: the
 * first bytes of each connection tell which.
 */
public final class ListenerOptions {
    private String host = "127.0.0.1";
    private int port = 5672;
    private TlsOptions tls;
    private boolean allowPlain = true;
    private String webSocketPath;
    private long openTimeoutMillis = 30_000;
    private int maxSockets = 10_000;
    private int maxSocketsPerSource = 1_000;
    private int writeHighWaterMark = 1024 * 1024;
    private int writeLowWaterMark = 256 * 1024;
    private int maxWebSocketFrame = 1024 * 1024;
    private long unreadTimeoutMillis = 60_000;
    private long maxUnwrittenBytes = 64L * 1024 * 1024;

    public String host() {
        return host;
    }

    public ListenerOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    /** The port; 0 picks a free one. */
    public ListenerOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], not " + port);
        }
        this.port = port;
        return this;
    }

    public TlsOptions tls() {
        return tls;
    }

    /** Enables TLS on this port (null disables it). */
    public ListenerOptions tls(TlsOptions tls) {
        this.tls = tls;
        return this;
    }

    public boolean allowPlain() {
        return allowPlain;
    }

    /** Whether unencrypted connections are accepted too (when TLS is enabled). */
    public ListenerOptions allowPlain(boolean allow) {
        this.allowPlain = allow;
        return this;
    }

    public String webSocketPath() {
        return webSocketPath;
    }

    /** Accepts AMQP over WebSocket (subprotocol "amqp") on this HTTP path; null for none. */
    public ListenerOptions webSocketPath(String path) {
        this.webSocketPath = path;
        return this;
    }

    /** Sockets this listener holds open at once, counted from accept (more are closed at once). */
    public int maxSockets() {
        return maxSockets;
    }

    public ListenerOptions maxSockets(int n) {
        this.maxSockets = n;
        return this;
    }

    /** Sockets open at once from one source address. */
    public int maxSocketsPerSource() {
        return maxSocketsPerSource;
    }

    public ListenerOptions maxSocketsPerSource(int n) {
        this.maxSocketsPerSource = n;
        return this;
    }

    /** How long a socket may take from accept to its AMQP open (its header, TLS and SASL included). */
    public long openTimeoutMillis() {
        return openTimeoutMillis;
    }

    /** How long a new connection has to send its AMQP open before it is closed; 0 for ever. */
    public ListenerOptions openTimeoutMillis(long millis) {
        this.openTimeoutMillis = millis;
        return this;
    }

    public int writeHighWaterMark() {
        return writeHighWaterMark;
    }

    public int writeLowWaterMark() {
        return writeLowWaterMark;
    }

    /** Output buffered per connection beyond which it stops reading, and below which it reads again. */
    public ListenerOptions writeWaterMarks(int low, int high) {
        if (low <= 0 || high < low) {
            throw new IllegalArgumentException("water marks need 0 < low <= high: " + low + ", " + high);
        }
        this.writeLowWaterMark = low;
        this.writeHighWaterMark = high;
        return this;
    }

    public int maxWebSocketFrame() {
        return maxWebSocketFrame;
    }

    public ListenerOptions maxWebSocketFrame(int bytes) {
        this.maxWebSocketFrame = bytes;
        return this;
    }

    /** How long a peer may leave the connection's output unread (the socket full, nothing taken) before it is closed. */
    public long unreadTimeoutMillis() {
        return unreadTimeoutMillis;
    }

    /** Sets {@link #unreadTimeoutMillis()}; 0 for never. */
    public ListenerOptions unreadTimeoutMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("unread timeout < 0: " + millis);
        }
        this.unreadTimeoutMillis = millis;
        return this;
    }

    /**
     * The most output a connection may have waiting to be written (built by its engine or buffered by its socket); a
     * connection past it is closed. The application keeps well below it by producing no more while the socket is not
     * writable; this is the bound for when it does not.
     */
    public long maxUnwrittenBytes() {
        return maxUnwrittenBytes;
    }

    public ListenerOptions maxUnwrittenBytes(long bytes) {
        if (bytes < writeHighWaterMark) {
            throw new IllegalArgumentException("max unwritten bytes below the write high water mark: " + bytes);
        }
        this.maxUnwrittenBytes = bytes;
        return this;
    }
}
