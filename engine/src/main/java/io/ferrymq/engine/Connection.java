package io.ferrymq.engine;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.codec.transport.Open;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The application's view of an AMQP connection ({@code transport.xml#doc-opening-a-connection}):
 * open and close it, begin sessions, and read what the peer said in its open.
 */
public final class Connection {
    private final Engine engine;
    private final EngineOptions options;
    private EndpointState localState = EndpointState.UNINITIALIZED;
    private EndpointState remoteState = EndpointState.UNINITIALIZED;
    private Open remoteOpen;
    private Close remoteClose;
    private Object context;

    private Session[] byLocalChannel = new Session[4];
    private Session[] byRemoteChannel = new Session[4];

    Connection(Engine engine, EngineOptions options) {
        this.engine = engine;
        this.options = options;
    }

    Engine engine() {
        return engine;
    }

    public EndpointState localState() {
        return localState;
    }

    public EndpointState remoteState() {
        return remoteState;
    }

    public Object context() {
        return context;
    }

    public void context(Object context) {
        this.context = context;
    }

    /** Sends the open, with the values of the engine's options. */
    public void open() {
        if (localState != EndpointState.UNINITIALIZED) {
            throw new IllegalStateException("connection is already " + localState);
        }
        localState = EndpointState.ACTIVE;
        engine.writeOpen(buildOpen());
    }

    Open buildOpen() {
        Open o = new Open()
                .containerId(options.containerId())
                .hostname(options.hostname())
                .maxFrameSize(options.maxFrameSize())
                .channelMax(options.channelMax())
                .offeredCapabilities(options.offeredCapabilities())
                .desiredCapabilities(options.desiredCapabilities())
                .properties(options.properties());
        if (options.idleTimeoutMillis() > 0) {
            // transport.xml#doc-idle-time-out: advertise half the real threshold.
            o.idleTimeOut(options.idleTimeoutMillis() / 2);
        }
        return o;
    }

    /** Closes the connection. */
    public void close() {
        close(null);
    }

    /** Closes the connection with an error ({@code transport.xml#doc-closing-a-connection}). */
    public void close(ErrorCondition error) {
        if (localState == EndpointState.CLOSED) {
            return;
        }
        if (localState == EndpointState.UNINITIALIZED) {
            // A close must follow an open.
            open();
        }
        localState = EndpointState.CLOSED;
        engine.writeClose(new Close(error));
        endSessions();
    }

    /** A new session; {@link Session#begin()} it when set up. */
    public Session session() {
        return new Session(this, options);
    }

    // ------------------------------------------------------------------ remote values

    public Open remoteOpen() {
        return remoteOpen;
    }

    public String remoteContainerId() {
        return remoteOpen == null ? null : remoteOpen.containerId();
    }

    public String remoteHostname() {
        return remoteOpen == null ? null : remoteOpen.hostname();
    }

    public Symbol[] remoteOfferedCapabilities() {
        return remoteOpen == null ? null : remoteOpen.offeredCapabilities();
    }

    public Symbol[] remoteDesiredCapabilities() {
        return remoteOpen == null ? null : remoteOpen.desiredCapabilities();
    }

    public Map<Symbol, Object> remoteProperties() {
        return remoteOpen == null ? null : remoteOpen.properties();
    }

    /** True when the peer offered {@code capability} in its open. */
    public boolean remoteOffers(Symbol capability) {
        return remoteOpen != null
                && remoteOpen.offeredCapabilities() != null
                && Arrays.asList(remoteOpen.offeredCapabilities()).contains(capability);
    }

    /** True when the peer desired {@code capability} in its open. */
    public boolean remoteDesires(Symbol capability) {
        return remoteOpen != null
                && remoteOpen.desiredCapabilities() != null
                && Arrays.asList(remoteOpen.desiredCapabilities()).contains(capability);
    }

    /** The error the peer closed with, or null. */
    public ErrorCondition remoteError() {
        return remoteClose == null ? null : remoteClose.error();
    }

    /** Sessions this end has begun or the peer has, not yet ended at both ends. */
    public List<Session> sessions() {
        List<Session> all = new ArrayList<>();
        for (Session s : byLocalChannel) {
            if (s != null) {
                all.add(s);
            }
        }
        for (Session s : byRemoteChannel) {
            if (s != null && !all.contains(s)) {
                all.add(s);
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ engine side

    int allocateChannel(Session session) {
        int limit = remoteOpen != null ? remoteOpen.channelMax() : 0xffff;
        for (int ch = 0; ch <= limit; ch++) {
            if (ch >= byLocalChannel.length) {
                byLocalChannel = Arrays.copyOf(byLocalChannel, Math.min(0x10000, byLocalChannel.length * 2));
            }
            if (byLocalChannel[ch] == null) {
                byLocalChannel[ch] = session;
                return ch;
            }
        }
        throw new IllegalStateException("no channel is free: the peer's channel-max is " + limit);
    }

    void remoteOpened(Open open) {
        this.remoteOpen = open;
        this.remoteState = EndpointState.ACTIVE;
    }

    void remoteClosed(Close close) {
        this.remoteClose = close;
        this.remoteState = EndpointState.CLOSED;
    }

    void remoteBegin(Begin begin, int channel) {
        if (channel > options.channelMax()) {
            throw new ProtocolException(
                    ConnectionError.FRAMING_ERROR,
                    "begin on channel " + channel + " beyond channel-max " + options.channelMax());
        }
        if (sessionOnRemoteChannel(channel) != null) {
            throw new ProtocolException(ConnectionError.FRAMING_ERROR, "channel " + channel + " is already in use");
        }
        Session session;
        if (begin.remoteChannel() >= 0) {
            session = begin.remoteChannel() < byLocalChannel.length ? byLocalChannel[begin.remoteChannel()] : null;
            if (session == null || session.remoteState() != EndpointState.UNINITIALIZED) {
                throw new ProtocolException(
                        ConnectionError.FRAMING_ERROR,
                        "begin answers channel " + begin.remoteChannel()
                                + ", where no session of this end awaits an answer");
            }
        } else {
            session = new Session(this, options);
        }
        if (channel >= byRemoteChannel.length) {
            byRemoteChannel = Arrays.copyOf(byRemoteChannel, Math.max(channel + 1, byRemoteChannel.length * 2));
        }
        byRemoteChannel[channel] = session;
        session.remoteBegin(begin, channel);
        engine.handler().onRemoteBegin(session);
    }

    Session sessionOnRemoteChannel(int channel) {
        return channel < byRemoteChannel.length ? byRemoteChannel[channel] : null;
    }

    /** A session ended at this end; once the peer's end is in too, its channels are free. */
    void sessionEnded(Session session) {
        if (session.remoteState() != EndpointState.ACTIVE) {
            freeChannels(session);
        }
    }

    /** The peer ended a session; once this end has too, its channels are free. */
    void sessionRemoteEnded(Session session) {
        if (session.localState() != EndpointState.ACTIVE) {
            freeChannels(session);
        }
    }

    private void freeChannels(Session session) {
        if (session.channel() >= 0
                && session.channel() < byLocalChannel.length
                && byLocalChannel[session.channel()] == session) {
            byLocalChannel[session.channel()] = null;
        }
        if (session.remoteChannel() >= 0
                && session.remoteChannel() < byRemoteChannel.length
                && byRemoteChannel[session.remoteChannel()] == session) {
            byRemoteChannel[session.remoteChannel()] = null;
        }
    }

    /** Flushes what sessions hold back for batching (dispositions). */
    void flushPending() {
        for (Session s : byLocalChannel) {
            if (s != null) {
                s.flushDispositions();
            }
        }
    }

    void endSessions() {
        for (Session s : sessions()) {
            s.connectionClosed();
        }
    }
}
