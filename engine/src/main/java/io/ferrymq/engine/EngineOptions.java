package io.ferrymq.engine;

import io.ferrymq.codec.Symbol;
import io.ferrymq.engine.sasl.Authenticator;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Map;
import java.util.UUID;

/**
 * Settings of an engine: what it advertises in its open, the limits it enforces, and SASL.
 * Every setting has a default; the defaults bound what one peer can make the engine hold.
 */
public final class EngineOptions {
    /** The smallest max-frame-size the spec allows ({@code transport.xml#definition-MIN-MAX-FRAME-SIZE}). */
    public static final long MIN_MAX_FRAME_SIZE = 512;

    private String containerId = UUID.randomUUID().toString();
    private String hostname;
    private long maxFrameSize = 256 * 1024;
    private int channelMax = 1023;
    private long handleMax = 4095;
    private long idleTimeoutMillis = 60_000;
    private long sessionIncomingCapacity = 16L * 1024 * 1024;
    private Symbol[] offeredCapabilities;
    private Symbol[] desiredCapabilities;
    private Map<Symbol, Object> properties;
    private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private boolean traceFrames =
            "1".equals(System.getenv("FERRY_TRACE_FRM")) || Boolean.getBoolean("ferry.trace.frames");
    private Authenticator authenticator;
    private boolean saslRequired = true;
    private SaslCredentials credentials;

    public String containerId() {
        return containerId;
    }

    public EngineOptions containerId(String containerId) {
        this.containerId = containerId;
        return this;
    }

    /** For a client: the host name to name in the open (the virtual host). */
    public String hostname() {
        return hostname;
    }

    public EngineOptions hostname(String hostname) {
        this.hostname = hostname;
        return this;
    }

    /** The largest frame this end accepts (and advertises); at least 512. */
    public long maxFrameSize() {
        return maxFrameSize;
    }

    public EngineOptions maxFrameSize(long size) {
        if (size < MIN_MAX_FRAME_SIZE || size > 0xffff_ffffL) {
            throw new IllegalArgumentException("max-frame-size must be in [512, 4294967295], not " + size);
        }
        this.maxFrameSize = size;
        return this;
    }

    /** The highest channel number the peer may use: at most this + 1 sessions at once. */
    public int channelMax() {
        return channelMax;
    }

    public EngineOptions channelMax(int channelMax) {
        if (channelMax < 0 || channelMax > 0xffff) {
            throw new IllegalArgumentException("channel-max must be in [0, 65535], not " + channelMax);
        }
        this.channelMax = channelMax;
        return this;
    }

    /** The highest link handle the peer may use on a session. */
    public long handleMax() {
        return handleMax;
    }

    public EngineOptions handleMax(long handleMax) {
        if (handleMax < 0 || handleMax > 0xffff_ffffL) {
            throw new IllegalArgumentException("handle-max must be a uint, not " + handleMax);
        }
        this.handleMax = handleMax;
        return this;
    }

    /**
     * How long the peer may stay silent before the connection is closed; 0 for never. Half of it
     * is advertised, as the spec advises ({@code transport.xml#doc-idle-time-out}).
     */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public EngineOptions idleTimeoutMillis(long millis) {
        if (millis < 0 || millis > 0xffff_ffffL) {
            throw new IllegalArgumentException("idle timeout must be in [0, 4294967295] ms, not " + millis);
        }
        this.idleTimeoutMillis = millis;
        return this;
    }

    /** Bytes of unread incoming payload a session holds before its window closes. */
    public long sessionIncomingCapacity() {
        return sessionIncomingCapacity;
    }

    public EngineOptions sessionIncomingCapacity(long bytes) {
        if (bytes < MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("session incoming capacity must be at least 512 bytes: " + bytes);
        }
        this.sessionIncomingCapacity = bytes;
        return this;
    }

    public Symbol[] offeredCapabilities() {
        return offeredCapabilities;
    }

    public EngineOptions offeredCapabilities(Symbol... capabilities) {
        this.offeredCapabilities = capabilities;
        return this;
    }

    public Symbol[] desiredCapabilities() {
        return desiredCapabilities;
    }

    public EngineOptions desiredCapabilities(Symbol... capabilities) {
        this.desiredCapabilities = capabilities;
        return this;
    }

    public Map<Symbol, Object> properties() {
        return properties;
    }

    public EngineOptions properties(Map<Symbol, Object> properties) {
        this.properties = properties;
        return this;
    }

    public ByteBufAllocator allocator() {
        return allocator;
    }

    public EngineOptions allocator(ByteBufAllocator allocator) {
        this.allocator = allocator;
        return this;
    }

    /** Whether every frame is printed, readably (also FERRY_TRACE_FRM=1 or -Dferry.trace.frames=true). */
    public boolean traceFrames() {
        return traceFrames;
    }

    public EngineOptions traceFrames(boolean trace) {
        this.traceFrames = trace;
        return this;
    }

    /** Server: who may connect. Null means SASL is not offered. */
    public Authenticator authenticator() {
        return authenticator;
    }

    public EngineOptions authenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
        return this;
    }

    /**
     * Server: whether a client must authenticate with SASL. When false, a client may also
     * skip SASL and speak AMQP straight away (anonymously).
     */
    public boolean saslRequired() {
        return saslRequired;
    }

    public EngineOptions saslRequired(boolean required) {
        this.saslRequired = required;
        return this;
    }

    /** Client: the credentials to authenticate with; null to skip SASL entirely. */
    public SaslCredentials credentials() {
        return credentials;
    }

    public EngineOptions credentials(SaslCredentials credentials) {
        this.credentials = credentials;
        return this;
    }
}
