package io.ferrymq.engine;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encodable;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.security.SaslOutcome;
import io.ferrymq.codec.security.SaslPerformative;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.End;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Open;
import io.ferrymq.codec.transport.Performative;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 1.0 protocol engine for one connection, client or server. It takes the bytes the
 * peer sent ({@link #ingest}), gives the bytes to send ({@link #pollOutput}), is told the time
 * ({@link #tick}), and reports what happens to an {@link EngineHandler}. It does no IO and owns
 * no thread: one thread at a time drives it.
 *
 * <p>Protocol headers are exchanged as {@code transport.xml#doc-protocol-negotiation} says: a
 * server answers a header it does not support with the one it does, then the transport closes.
 * Every violation by the peer is answered with the spec's error condition and a description
 * (a close, or an end or detach for session and link errors); nothing the peer sends makes
 * the engine throw.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Logger TRACE = LoggerFactory.getLogger("io.ferrymq.frames");
    private static final AtomicLong IDS = new AtomicLong();

    private enum Phase {
        AWAIT_HEADER,
        SASL,
        AWAIT_AMQP_HEADER,
        AMQP,
        DONE
    }

    private final EngineOptions options;
    private final EngineHandler handler;
    private final boolean server;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Decoder decoder = SpecTypes.newDecoder();
    private final Connection connection;
    private final String traceId = "ferry-" + IDS.incrementAndGet();

    private Phase phase = Phase.AWAIT_HEADER;
    private boolean amqpOutput;
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private SaslServerLayer saslServer;
    private SaslClientLayer saslClient;
    private String tlsPrincipal;
    private String principal;
    private ErrorCondition failure;
    private boolean transportClosed;

    private long remoteIdleTimeout;
    private long lastInput = -1;
    private long lastOutput = -1;
    private long inputAtLastTick;

    private Engine(EngineOptions options, EngineHandler handler, boolean server) {
        this.options = options;
        this.handler = handler;
        this.server = server;
        this.reader = new FrameReader(options.allocator(), options.maxFrameSize());
        this.writer = new FrameWriter(options.allocator());
        this.writer.maxFrameSize(options.maxFrameSize());
        this.connection = new Connection(this, options);
    }

    /** An engine for the client end of a connection: it speaks first. */
    public static Engine client(EngineOptions options, EngineHandler handler) {
        Engine e = new Engine(options, handler, false);
        if (options.credentials() != null) {
            e.saslClient = new SaslClientLayer(e, options.credentials());
            e.writer.writeHeader(ProtocolHeader.SASL);
        } else {
            e.writer.writeHeader(ProtocolHeader.AMQP);
            e.amqpOutput = true;
        }
        return e;
    }

    /** An engine for the server end of a connection: it answers the client's header. */
    public static Engine server(EngineOptions options, EngineHandler handler) {
        return new Engine(options, handler, true);
    }

    public Connection connection() {
        return connection;
    }

    public EngineOptions options() {
        return options;
    }

    EngineHandler handler() {
        return handler;
    }

    public boolean isServer() {
        return server;
    }

    /** Server: the identity of the client's TLS certificate, for SASL EXTERNAL; set before input arrives. */
    public void tlsPrincipal(String principal) {
        this.tlsPrincipal = principal;
    }

    /** Server: the identity SASL authenticated (or null: no SASL, or not yet). */
    public String principal() {
        return principal;
    }

    /** The SASL outcome sent (server) or received (client), or null. */
    public SaslOutcome saslOutcome() {
        return saslServer != null ? saslServer.outcome() : saslClient != null ? saslClient.outcome() : null;
    }

    /** The error the engine closed the connection with, or null. */
    public ErrorCondition failure() {
        return failure;
    }

    /** True when the connection is over and all output has been taken: the transport may close. */
    public boolean isFinished() {
        return phase == Phase.DONE && !writer.hasOutput();
    }

    /** Bytes held back by the reader waiting for the rest of a frame. */
    public int inputBuffered() {
        return reader.buffered();
    }

    // ------------------------------------------------------------------ input

    /**
     * Processes bytes from the peer. The engine does not take ownership of {@code in}: it
     * retains what it keeps. Events are raised to the handler before this returns.
     */
    public void ingest(ByteBuf in) {
        if (phase == Phase.DONE || transportClosed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            reader.ingest(in, input);
        } catch (ProtocolException e) {
            fail(e.error());
        } catch (RuntimeException e) {
            LOG.error("[{}] internal error reading input", traceId, e);
            fail(new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal error: " + e));
        }
    }

    /**
     * Where the frame reader delivers what it reads: a private adapter, so that the engine's public API has no method
     * through which anything but the bytes given to {@link #ingest} could inject a frame.
     */
    private final FrameReader.Sink input = new FrameReader.Sink() {
        @Override
        public void onHeader(ByteBuf eightBytes) {
            header(eightBytes);
        }

        @Override
        public void onFrame(int type, int channel, ByteBuf body) {
            frame(type, channel, body);
        }

        @Override
        public void onEmptyFrame(int type, int channel) {
            emptyFrame();
        }
    };

    private void header(ByteBuf bytes) {
        ProtocolHeader header = ProtocolHeader.parse(bytes);
        if (TRACE.isInfoEnabled() && options.traceFrames()) {
            TRACE.info(
                    "[{}] <- {}",
                    traceId,
                    header == null ? "invalid header " + ByteBufUtil.hexDump(bytes) : header + " header");
        }
        if (server) {
            serverHeader(header);
        } else {
            clientHeader(header);
        }
    }

    private void serverHeader(ProtocolHeader header) {
        boolean saslOffered = options.authenticator() != null;
        if (phase == Phase.AWAIT_AMQP_HEADER) {
            if (header != ProtocolHeader.AMQP) {
                refuseHeader(ProtocolHeader.AMQP, header);
                return;
            }
            startAmqp(true);
            return;
        }
        if (header == ProtocolHeader.SASL && saslOffered) {
            writeHeader(ProtocolHeader.SASL);
            phase = Phase.SASL;
            saslServer = new SaslServerLayer(this, options.authenticator());
            saslServer.start(tlsPrincipal);
        } else if (header == ProtocolHeader.AMQP && (!saslOffered || !options.saslRequired())) {
            startAmqp(true);
        } else {
            // transport.xml#doc-protocol-negotiation: answer with the header we support, then close.
            refuseHeader(saslOffered ? ProtocolHeader.SASL : ProtocolHeader.AMQP, header);
        }
    }

    private void clientHeader(ProtocolHeader header) {
        ProtocolHeader expected =
                phase == Phase.AWAIT_HEADER && saslClient != null ? ProtocolHeader.SASL : ProtocolHeader.AMQP;
        if (header != expected) {
            finish(new ErrorCondition(
                    ConnectionError.FRAMING_ERROR,
                    "the server answered with "
                            + (header == null ? "an invalid protocol header" : "the " + header + " header") + ", not "
                            + expected));
            return;
        }
        phase = header == ProtocolHeader.SASL ? Phase.SASL : Phase.AMQP;
    }

    private void refuseHeader(ProtocolHeader supported, ProtocolHeader received) {
        writeHeader(supported);
        finish(new ErrorCondition(
                ConnectionError.FRAMING_ERROR,
                "the client sent "
                        + (received == null ? "an invalid protocol header" : "the " + received + " header")
                        + "; the server "
                        + "requires " + supported));
    }

    private void startAmqp(boolean writeHeader) {
        if (writeHeader) {
            writeHeader(ProtocolHeader.AMQP);
        }
        phase = Phase.AMQP;
        amqpOutput = true;
        Runnable r;
        while ((r = deferred.poll()) != null) {
            r.run();
        }
    }

    void saslSucceeded() {
        if (server) {
            principal = saslServer.principal();
            phase = Phase.AWAIT_AMQP_HEADER;
            reader.expectHeader();
        } else {
            writeHeader(ProtocolHeader.AMQP);
            amqpOutput = true;
            phase = Phase.AWAIT_AMQP_HEADER;
            reader.expectHeader();
            Runnable r;
            while ((r = deferred.poll()) != null) {
                r.run();
            }
        }
        handler.onSaslDone(this);
    }

    void saslFailed(String why) {
        LOG.debug("[{}] SASL failed: {}", traceId, LogText.safe(why));
        finish(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, why));
        handler.onSaslDone(this);
    }

    private void emptyFrame() {
        if (TRACE.isInfoEnabled() && options.traceFrames()) {
            TRACE.info("[{}] <- (empty frame)", traceId);
        }
        if (phase == Phase.SASL) {
            // security.xml#sasl-frames: "Receipt of an empty frame is an irrecoverable error."
            fail(new ErrorCondition(
                    ConnectionError.FRAMING_ERROR,
                    "an empty frame during SASL negotiation (security.xml: an irrecoverable error)"));
        }
    }

    private void frame(int type, int channel, ByteBuf body) {
        try {
            if (phase == Phase.SASL) {
                if (type != FrameWriter.TYPE_SASL) {
                    throw new ProtocolException(
                            ConnectionError.FRAMING_ERROR, "frame of type " + type + " during SASL negotiation");
                }
                Object frame = decoder.readObject(body);
                if (!(frame instanceof SaslPerformative sasl)) {
                    throw new ProtocolException(AmqpError.DECODE_ERROR, "a SASL frame holds " + describe(frame));
                }
                trace("<-", channel, frame, 0);
                if (server) {
                    saslServer.receive(sasl);
                } else {
                    saslClient.receive(sasl);
                }
                return;
            }
            if (phase != Phase.AMQP) {
                return;
            }
            if (type != FrameWriter.TYPE_AMQP) {
                throw new ProtocolException(
                        ConnectionError.FRAMING_ERROR, "frame of type " + type + " where AMQP frames are expected");
            }
            Object frame = decoder.readObject(body);
            if (!(frame instanceof Performative performative)) {
                throw new ProtocolException(AmqpError.DECODE_ERROR, "an AMQP frame holds " + describe(frame));
            }
            trace("<-", channel, performative, frame instanceof Transfer ? body.readableBytes() : 0);
            dispatch(channel, performative, body);
        } catch (ProtocolException e) {
            handle(e);
        } catch (DecodeException e) {
            fail(new ErrorCondition(AmqpError.DECODE_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("[{}] internal error handling a frame", traceId, e);
            fail(new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal error: " + e));
        }
    }

    private static String describe(Object frame) {
        return frame == null ? "null" : frame.getClass().getSimpleName() + " " + frame;
    }

    private void dispatch(int channel, Performative performative, ByteBuf payload) {
        switch (performative) {
            case Open open -> {
                if (channel != 0) {
                    // transport.xml#doc-conn-open: "The open frame can only be sent on channel 0."
                    throw new ProtocolException(
                            ConnectionError.FRAMING_ERROR,
                            "open on channel " + channel + ": an open can only be sent on channel 0");
                }
                remoteOpen(open);
            }
            case Close close -> remoteClose(close);
            default -> {
                if (connection.remoteState() != EndpointState.ACTIVE) {
                    throw new ProtocolException(
                            AmqpError.ILLEGAL_STATE,
                            performative.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " before open");
                }
                if (performative instanceof Begin begin) {
                    connection.remoteBegin(begin, channel);
                    return;
                }
                Session session = connection.sessionOnRemoteChannel(channel);
                if (session == null) {
                    throw new ProtocolException(
                            ConnectionError.FRAMING_ERROR,
                            performative.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " on channel " + channel
                                    + ", where no session has begun");
                }
                if (session.discarding() && !(performative instanceof End)) {
                    return;
                }
                switch (performative) {
                    case End end -> {
                        session.remoteEnd(end);
                        connection.sessionRemoteEnded(session);
                    }
                    case Attach attach -> session.remoteAttach(attach);
                    case Flow flow -> session.remoteFlow(flow);
                    case Transfer transfer -> session.remoteTransfer(transfer, payload);
                    case Disposition disposition -> session.remoteDisposition(disposition);
                    case Detach detach -> session.remoteDetach(detach);
                    default -> throw new IllegalStateException("unexpected " + performative);
                }
            }
        }
    }

    private void remoteOpen(Open open) {
        if (connection.remoteState() != EndpointState.UNINITIALIZED) {
            throw new ProtocolException(AmqpError.ILLEGAL_STATE, "a second open");
        }
        if (open.maxFrameSize() < EngineOptions.MIN_MAX_FRAME_SIZE) {
            throw new ProtocolException(
                    AmqpError.INVALID_FIELD, "max-frame-size " + open.maxFrameSize() + " is below the minimum of 512");
        }
        connection.remoteOpened(open);
        // Frames sent stay within the peer's max-frame-size and within this end's own: a peer that
        // accepts frames of any size (Proton-C announces no limit) would otherwise get a whole large
        // message as one frame, holding up every other link of the connection behind it.
        writer.maxFrameSize(Math.min(open.maxFrameSize(), options.maxFrameSize()));
        remoteIdleTimeout = Math.max(0, open.idleTimeOut());
        handler.onRemoteOpen(connection);
    }

    private void remoteClose(Close close) {
        connection.remoteClosed(close);
        reader.stop();
        handler.onRemoteClose(connection);
        if (connection.localState() == EndpointState.CLOSED) {
            phase = Phase.DONE;
        }
    }

    /** Ends what a violation calls for: the connection, the session, or the link. */
    private void handle(ProtocolException e) {
        LOG.debug("[{}] protocol violation: {}", traceId, LogText.safe(e.getMessage()));
        switch (e.scope()) {
            case SESSION -> {
                Session session = (Session) e.endpoint();
                session.end(e.error());
                session.discarding(true);
            }
            case LINK -> ((Link) e.endpoint()).close(e.error());
            default -> fail(e.error());
        }
    }

    /**
     * Closes the connection because of {@code error}: the close goes out (after an open, if none
     * was sent), input stops, and the handler hears of it.
     */
    public void fail(ErrorCondition error) {
        if (phase == Phase.DONE) {
            return;
        }
        if (amqpOutput && connection.localState() != EndpointState.CLOSED) {
            connection.close(error);
        }
        finish(error);
    }

    private void finish(ErrorCondition error) {
        failure = error;
        phase = Phase.DONE;
        reader.stop();
        handler.onFailure(this, error);
    }

    /**
     * The transport's socket is gone (closed by the peer, or an IO error): everything ends here,
     * buffers are released, and the handler hears it through {@link EngineHandler#onRemoteClose}
     * if the peer had not closed.
     */
    public void transportClosed() {
        if (transportClosed) {
            return;
        }
        transportClosed = true;
        boolean wasOpen = connection.remoteState() == EndpointState.ACTIVE;
        phase = Phase.DONE;
        reader.stop();
        connection.endSessions();
        writer.release();
        if (wasOpen) {
            connection.remoteClosed(
                    new Close(new ErrorCondition(ConnectionError.CONNECTION_FORCED, "the transport closed")));
            handler.onRemoteClose(connection);
        }
    }

    // ------------------------------------------------------------------ output

    /** The next buffer to send, or null when there is none. The caller owns and releases it. */
    public ByteBuf pollOutput() {
        if (amqpOutput && !transportClosed) {
            connection.flushPending();
        }
        return writer.poll();
    }

    /** True when there is output to take. */
    public boolean hasOutput() {
        return writer.hasOutput();
    }

    /** Bytes of output not yet taken. */
    public long pendingOutputBytes() {
        return writer.pendingBytes();
    }

    private void writeHeader(ProtocolHeader header) {
        if (TRACE.isInfoEnabled() && options.traceFrames()) {
            TRACE.info("[{}] -> {} header", traceId, header);
        }
        writer.writeHeader(header);
    }

    void writeSasl(SaslPerformative frame) {
        trace("->", 0, frame, 0);
        writer.writeFrame(FrameWriter.TYPE_SASL, 0, (Encodable) frame);
    }

    void writeOpen(Open open) {
        writeFrame(0, open);
    }

    void writeClose(Close close) {
        if (!amqpOutput) {
            deferred.add(() -> writeClose(close));
            return;
        }
        connection.flushPending();
        writeFrame(0, close);
        if (connection.remoteState() == EndpointState.CLOSED) {
            phase = Phase.DONE;
        }
    }

    /** Writes a performative on a channel; before the AMQP layer has started, it waits its turn. */
    void writeFrame(int channel, Performative performative) {
        if (transportClosed) {
            return;
        }
        if (!amqpOutput) {
            deferred.add(() -> writeFrame(channel, performative));
            return;
        }
        if (phase == Phase.DONE && !(performative instanceof Close)) {
            return; // the connection failed: nothing more goes out after its close
        }
        trace("->", channel, performative, 0);
        try {
            writer.writeFrame(FrameWriter.TYPE_AMQP, channel, (Encodable) performative);
        } catch (FrameWriter.FrameTooLarge e) {
            // transport.xml#amqp-error, frame-size-too-small: this end cannot send the performative within the peer's
            // max-frame-size (a 512-byte limit and a long link name, say): the connection closes with that error
            // rather than the frame being dropped or an exception escaping to the application.
            LOG.debug("[{}] {}", traceId, e.getMessage());
            if (performative instanceof Close) {
                writer.writeFrame(
                        FrameWriter.TYPE_AMQP,
                        channel,
                        new Close(new ErrorCondition(AmqpError.FRAME_SIZE_TOO_SMALL, "frame-size-too-small")));
                return;
            }
            fail(new ErrorCondition(AmqpError.FRAME_SIZE_TOO_SMALL, e.getMessage()));
        }
    }

    int writeTransfer(int channel, Transfer transfer, ByteBuf payload, boolean last) {
        if (transportClosed) {
            return payload.readableBytes();
        }
        int carried = writer.writeTransfer(channel, transfer, payload, last);
        trace("->", channel, transfer, carried);
        return carried;
    }

    private void trace(String direction, int channel, Object frame, int payloadBytes) {
        if (options.traceFrames() && TRACE.isInfoEnabled()) {
            TRACE.info(
                    "[{}] {} ch={} {}{}",
                    traceId,
                    direction,
                    channel,
                    frame,
                    payloadBytes > 0 ? " (" + payloadBytes + " bytes of payload)" : "");
        }
    }

    // ------------------------------------------------------------------ time

    /**
     * Tells the engine the time (milliseconds, from any fixed origin). It closes the connection
     * when the peer has been silent longer than the idle timeout and writes a heartbeat when
     * this end would otherwise be silent for half the peer's ({@code transport.xml#doc-idle-time-out}).
     *
     * @return when to call again at the latest, or 0 when no timer is running
     */
    public long tick(long now) {
        if (lastInput < 0) {
            lastInput = now;
            lastOutput = now;
        }
        if (reader.bytesRead() != inputAtLastTick) {
            inputAtLastTick = reader.bytesRead();
            lastInput = now;
        }
        if (writer.takeWroteSinceTick()) {
            lastOutput = now;
        }
        if (phase != Phase.AMQP || connection.localState() == EndpointState.UNINITIALIZED) {
            return 0;
        }
        long deadline = Long.MAX_VALUE;
        long local = options.idleTimeoutMillis();
        if (local > 0) {
            if (now - lastInput >= local) {
                fail(new ErrorCondition(
                        AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "local-idle-timeout expired: nothing received for " + (now - lastInput) + " ms"));
                return 0;
            }
            deadline = lastInput + local;
        }
        if (remoteIdleTimeout > 0 && connection.localState() == EndpointState.ACTIVE) {
            long half = Math.max(1, remoteIdleTimeout / 2);
            if (now - lastOutput >= half) {
                if (options.traceFrames() && TRACE.isInfoEnabled()) {
                    TRACE.info("[{}] -> (empty frame)", traceId);
                }
                writer.writeEmptyFrame();
                writer.takeWroteSinceTick();
                lastOutput = now;
            }
            deadline = Math.min(deadline, lastOutput + half);
        }
        return deadline == Long.MAX_VALUE ? 0 : deadline;
    }

    @Override
    public String toString() {
        return "Engine{" + traceId + ", " + (server ? "server" : "client") + ", " + phase + "}";
    }
}
