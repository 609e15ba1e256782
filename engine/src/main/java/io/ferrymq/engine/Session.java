package io.ferrymq.engine;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.End;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.SessionError;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bidirectional sequential conversation over a channel ({@code transport.xml#doc-sessions}),
 * holding links and enforcing session flow control ({@code transport.xml#doc-session-flow-control}):
 * transfers are numbered, and each side advertises a window of transfers it will accept.
 *
 * <p>The incoming window follows the bytes the application has not yet taken from its
 * deliveries, bounded by {@link #incomingCapacity(long)}: a slow reader stops the peer instead
 * of filling memory.
 */
public final class Session {
    private static final long OUTGOING_WINDOW = 0x7fff_ffffL;

    private final Connection connection;
    private int channel = -1;
    private int remoteChannel = -1;
    private EndpointState localState = EndpointState.UNINITIALIZED;
    private EndpointState remoteState = EndpointState.UNINITIALIZED;
    private Begin remoteBegin;
    private End remoteEnd;
    private Object context;
    /** After a session error this end has ended the session and drops frames until the peer's end. */
    private boolean discarding;

    // transport.xml#doc-session-flow-control
    private long nextOutgoingId;
    private long nextIncomingId;
    private long incomingWindow;
    private long remoteIncomingWindow;
    private long incomingCapacity;
    private long incomingUnread;
    private long handleMax;

    private final List<Link> localHandles = new ArrayList<>();
    private final Map<Long, Link> remoteHandles = new HashMap<>();
    private final Map<String, Link> linksByName = new HashMap<>();
    private final Map<Link, Long> initialDeliveryCounts = new HashMap<>();

    private long nextDeliveryId;
    private final DeliveryMap outgoing = new DeliveryMap();
    private final DeliveryMap incoming = new DeliveryMap();
    private final ArrayDeque<Delivery> writeQueue = new ArrayDeque<>();
    private final List<PendingDisposition> pendingDispositions = new ArrayList<>();

    private record PendingDisposition(long id, Role role, DeliveryState state, boolean settled) {}

    Session(Connection connection, EngineOptions options) {
        this.connection = connection;
        this.incomingCapacity = options.sessionIncomingCapacity();
        this.handleMax = options.handleMax();
    }

    public Connection connection() {
        return connection;
    }

    public int channel() {
        return channel;
    }

    public int remoteChannel() {
        return remoteChannel;
    }

    public EndpointState localState() {
        return localState;
    }

    public EndpointState remoteState() {
        return remoteState;
    }

    public Begin remoteBegin() {
        return remoteBegin;
    }

    // ------------------------------------------------------------------ remote frames

    void remoteBegin(Begin begin, int channel) {
        this.remoteBegin = begin;
        this.remoteChannel = channel;
        this.remoteState = EndpointState.ACTIVE;
        this.nextIncomingId = begin.nextOutgoingId();
        this.remoteIncomingWindow = begin.incomingWindow();
    }

    /** The error the peer ended the session with, or null. */
    public ErrorCondition remoteError() {
        return remoteEnd == null ? null : remoteEnd.error();
    }

    public Object context() {
        return context;
    }

    public void context(Object context) {
        this.context = context;
    }

    /** Bytes of incoming payload this session holds for the application before it closes its window. */
    public Session incomingCapacity(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("incoming capacity must be positive: " + bytes);
        }
        this.incomingCapacity = bytes;
        return this;
    }

    /** The highest link handle the peer may use on this session. */
    public Session handleMax(long handleMax) {
        this.handleMax = handleMax;
        return this;
    }

    /** Deliveries sent on this session and not yet settled by both ends. */
    public int outgoingUnsettled() {
        return outgoing.size();
    }

    /** Deliveries received on this session and not yet settled here. */
    public int incomingUnsettled() {
        return incoming.size();
    }

    /** Transfer frames the peer still accepts before it must open its window. */
    public long remoteIncomingWindow() {
        return remoteIncomingWindow;
    }

    /** A new sending link named {@code name}; set it up, then {@link Link#attach()}. */
    public Sender sender(String name) {
        return (Sender) register(new Sender(this, name));
    }

    /** A new receiving link named {@code name}; set it up, then {@link Link#attach()}. */
    public Receiver receiver(String name) {
        return (Receiver) register(new Receiver(this, name));
    }

    private Link register(Link link) {
        String key = key(link.name(), link.role());
        if (linksByName.containsKey(key)) {
            throw new IllegalStateException("a " + link.role().name().toLowerCase(Locale.ROOT) + " named '"
                    + link.name() + "' already exists on this session");
        }
        linksByName.put(key, link);
        return link;
    }

    private static String key(String name, Role role) {
        return (role == Role.SENDER ? "s:" : "r:") + name;
    }

    /** Begins the session ({@code transport.xml#doc-establishing-a-session}). */
    public void begin() {
        if (localState != EndpointState.UNINITIALIZED) {
            throw new IllegalStateException("session is already " + localState);
        }
        localState = EndpointState.ACTIVE;
        channel = connection.allocateChannel(this);
        incomingWindow = computeIncomingWindow();
        Begin b = new Begin()
                .nextOutgoingId(nextOutgoingId)
                .incomingWindow(incomingWindow)
                .outgoingWindow(OUTGOING_WINDOW)
                .handleMax(handleMax);
        if (remoteChannel >= 0) {
            b.remoteChannel(remoteChannel);
        }
        connection.engine().writeFrame(channel, b);
    }

    /** Ends the session. */
    public void end() {
        end(null);
    }

    /** Ends the session with an error. */
    public void end(ErrorCondition error) {
        if (localState == EndpointState.CLOSED) {
            return;
        }
        boolean begun = localState == EndpointState.ACTIVE;
        localState = EndpointState.CLOSED;
        if (begun) {
            flushDispositions();
            connection.engine().writeFrame(channel, new End(error));
        }
        for (Link link : new ArrayList<>(linksByName.values())) {
            link.sessionEnded();
        }
        releaseAll();
        connection.sessionEnded(this);
    }

    // ------------------------------------------------------------------ links

    long allocateHandle(Link link) {
        if (localState != EndpointState.ACTIVE) {
            throw new IllegalStateException("the session is not begun");
        }
        long limit = remoteBegin != null ? Math.min(remoteBegin.handleMax(), SerialNumber.MASK) : SerialNumber.MASK;
        for (int i = 0; i < localHandles.size(); i++) {
            if (localHandles.get(i) == null) {
                localHandles.set(i, link);
                return i;
            }
        }
        if (localHandles.size() > limit) {
            throw new IllegalStateException("no link handle is free: the peer's handle-max is " + limit);
        }
        localHandles.add(link);
        return localHandles.size() - 1L;
    }

    void writeAttach(Link link, Attach attach) {
        if (link instanceof Sender) {
            initialDeliveryCounts.put(link, link.deliveryCount);
        }
        connection.engine().writeFrame(channel, attach);
    }

    void writeDetach(Link link, Detach detach) {
        flushDispositions();
        connection.engine().writeFrame(channel, detach);
    }

    Long initialDeliveryCount(Link link) {
        return initialDeliveryCounts.get(link);
    }

    /** This end detached the link. */
    void linkEnded(Link link) {
        writeQueue.removeIf(d -> d.link() == link);
        if (link.remoteState() != EndpointState.ACTIVE) {
            freeLink(link);
        }
    }

    private void freeLink(Link link) {
        if (link.handle() >= 0
                && link.handle() < localHandles.size()
                && localHandles.get((int) link.handle()) == link) {
            localHandles.set((int) link.handle(), null);
        }
        linksByName.remove(key(link.name(), link.role()), link);
        initialDeliveryCounts.remove(link);
    }

    // ------------------------------------------------------------------ flow

    private long computeIncomingWindow() {
        long frame = Math.max(512, connection.engine().options().maxFrameSize());
        return Math.max(0, Math.min(SerialNumber.MASK, (incomingCapacity - incomingUnread) / frame));
    }

    /** Writes a flow: session state, and the link's state when {@code link} is not null. */
    void writeFlow(Link link, boolean echo) {
        if (localState != EndpointState.ACTIVE || (link != null && link.localState() != EndpointState.ACTIVE)) {
            return;
        }
        Flow f = link != null ? link.linkFlow() : new Flow();
        // Never less than what the peer was already told it may send: a flow that shrank the window (a link's credit
        // flow, say, after the capacity was lowered) turned transfers the peer had sent in good faith into a
        // window-violation. A lower capacity only stops the window being opened again as transfers use it.
        incomingWindow = Math.max(incomingWindow, computeIncomingWindow());
        f.incomingWindow(incomingWindow)
                .nextOutgoingId(nextOutgoingId)
                .outgoingWindow(OUTGOING_WINDOW)
                .echo(echo);
        if (remoteBegin != null) {
            f.nextIncomingId(nextIncomingId);
        }
        connection.engine().writeFrame(channel, f);
    }

    /** The application took bytes from its deliveries: open the window again when it has shrunk by half. */
    void incomingBytesTaken(long n) {
        incomingUnread = Math.max(0, incomingUnread - n);
        reopenIncomingWindow();
    }

    /**
     * Tells the peer a larger incoming window when the one it has is less than half of what the capacity now allows:
     * for an application that lowered {@link #incomingCapacity(long)} (the window then runs down as transfers come,
     * with no flow that takes back what was granted) and has raised it again.
     */
    public void reopenIncomingWindow() {
        if (localState == EndpointState.ACTIVE && remoteState == EndpointState.ACTIVE && windowWantsOpening()) {
            writeFlow(null, false);
        }
    }

    /**
     * True when the window the peer has is less than half of what the capacity allows, or used up while the capacity
     * allows any (a capacity of one frame is opened one frame at a time, not never).
     */
    private boolean windowWantsOpening() {
        long allowed = computeIncomingWindow();
        return incomingWindow < allowed / 2 || (incomingWindow == 0 && allowed > 0);
    }

    /** The transfer-id this end expects next. */
    long nextIncomingId() {
        return nextIncomingId;
    }

    /** Transfer frames the peer may still send before this end opens its window again. */
    public long incomingWindow() {
        return incomingWindow;
    }

    // ------------------------------------------------------------------ outgoing deliveries

    Delivery newOutgoingDelivery(Sender sender, Binary tag, long messageFormat, boolean presettled) {
        long id = nextDeliveryId;
        nextDeliveryId = SerialNumber.next(nextDeliveryId);
        Delivery d = new Delivery(sender, id, tag, messageFormat);
        if (!presettled) {
            outgoing.put(id, d);
        }
        return d;
    }

    void queueForWrite(Delivery d) {
        if (!writeQueue.contains(d)) {
            writeQueue.add(d);
        }
        pump();
    }

    /** Frames queued deliveries while the peer's incoming window allows. */
    void pump() {
        Engine engine = connection.engine();
        while (!writeQueue.isEmpty() && remoteIncomingWindow > 0 && localState == EndpointState.ACTIVE) {
            Delivery d = writeQueue.peek();
            ByteBuf payload = d.outgoing();
            boolean haveBytes = payload != null && payload.isReadable();
            if (!haveBytes && d.firstFrameWritten() && !d.complete()) {
                writeQueue.poll();
                continue;
            }
            Transfer t = new Transfer().handle(d.link().handle()).deliveryId(d.deliveryId());
            if (!d.firstFrameWritten()) {
                t.deliveryTag(d.tag()).messageFormat(d.messageFormat()).settled(d.isSettled());
                if (d.transferState() != null) {
                    t.state(d.transferState());
                }
                if (d.link().rcvSettleMode() != null
                        && d.rcvSettleMode() != d.link().rcvSettleMode()) {
                    t.rcvSettleMode(d.rcvSettleMode());
                }
            }
            ByteBuf bytes = payload != null ? payload : Unpooled.EMPTY_BUFFER;
            engine.writeTransfer(channel, t, bytes, d.complete());
            d.firstFrameWritten(true);
            nextOutgoingId = SerialNumber.next(nextOutgoingId);
            remoteIncomingWindow--;
            if (d.fullyWritten()) {
                writeQueue.poll();
                d.partial(false);
                d.releasePayload();
            } else if (!bytes.isReadable() && !d.complete()) {
                writeQueue.poll();
            }
        }
    }

    void abort(Delivery d) {
        writeQueue.remove(d);
        if (localState == EndpointState.ACTIVE) {
            Transfer t = new Transfer()
                    .handle(d.link().handle())
                    .deliveryId(d.deliveryId())
                    .aborted(true);
            if (!d.firstFrameWritten()) {
                t.deliveryTag(d.tag()).messageFormat(d.messageFormat());
            }
            t.settled(true);
            connection.engine().writeTransfer(channel, t, Unpooled.EMPTY_BUFFER, true);
            nextOutgoingId = SerialNumber.next(nextOutgoingId);
            remoteIncomingWindow = Math.max(0, remoteIncomingWindow - 1);
        }
        d.firstFrameWritten(true);
        d.aborted();
        d.locallySettled();
        forget(d);
    }

    // ------------------------------------------------------------------ dispositions

    void queueDisposition(Delivery d, DeliveryState state, boolean settled) {
        pendingDispositions.add(new PendingDisposition(d.deliveryId(), d.link().role(), state, settled));
    }

    void forget(Delivery d) {
        if (d.link() instanceof Receiver) {
            incoming.remove(d.deliveryId());
        } else {
            outgoing.remove(d.deliveryId());
        }
    }

    /**
     * Writes the queued dispositions, each run of consecutive delivery-ids with the same role,
     * state and settlement as one frame with a range ({@code transport.xml#type-disposition}).
     */
    void flushDispositions() {
        if (pendingDispositions.isEmpty() || localState != EndpointState.ACTIVE) {
            pendingDispositions.clear();
            return;
        }
        Engine engine = connection.engine();
        PendingDisposition first = null;
        PendingDisposition last = null;
        for (PendingDisposition p : pendingDispositions) {
            if (first != null
                    && p.role == first.role
                    && p.settled == first.settled
                    && sameState(p.state, first.state)
                    && p.id == SerialNumber.next(last.id)) {
                last = p;
                continue;
            }
            if (first != null) {
                engine.writeFrame(channel, disposition(first, last));
            }
            first = p;
            last = p;
        }
        engine.writeFrame(channel, disposition(first, last));
        pendingDispositions.clear();
    }

    private static boolean sameState(DeliveryState a, DeliveryState b) {
        return a == b || (a != null && a.equals(b));
    }

    private static Disposition disposition(PendingDisposition first, PendingDisposition last) {
        Disposition d = new Disposition()
                .role(first.role)
                .first(first.id)
                .settled(first.settled)
                .state(first.state);
        if (last.id != first.id) {
            d.last(last.id);
        }
        return d;
    }

    boolean discarding() {
        return discarding;
    }

    void discarding(boolean discarding) {
        this.discarding = discarding;
    }

    void remoteAttach(Attach attach) {
        long handle = attach.handle();
        if (handle > handleMax) {
            throw new ProtocolException(
                    ConnectionError.FRAMING_ERROR,
                    "attach with handle " + handle + " beyond this session's handle-max of " + handleMax);
        }
        if (remoteHandles.containsKey(handle)) {
            throw ProtocolException.session(this, SessionError.HANDLE_IN_USE, "handle " + handle + " is in use");
        }
        Role ours = attach.role().opposite();
        Link link = linksByName.get(key(attach.name(), ours));
        boolean fresh = link == null;
        if (fresh) {
            link = ours == Role.SENDER ? sender(attach.name()) : receiver(attach.name());
        } else if (link.remoteState() != EndpointState.UNINITIALIZED) {
            throw ProtocolException.session(
                    this, SessionError.HANDLE_IN_USE, "link '" + attach.name() + "' is already attached");
        }
        remoteHandles.put(handle, link);
        link.remoteAttached(attach);
        if (link instanceof Receiver && attach.initialDeliveryCount() >= 0) {
            link.deliveryCount = attach.initialDeliveryCount();
        }
        connection.engine().handler().onRemoteAttach(link);
    }

    private Link linkFor(long handle, String frame) {
        Link link = remoteHandles.get(handle);
        if (link == null) {
            throw ProtocolException.session(
                    this, SessionError.UNATTACHED_HANDLE, frame + " for handle " + handle + ", which is not attached");
        }
        return link;
    }

    void remoteFlow(Flow flow) {
        // transport.xml#doc-session-flow-control: every transfer the peer sent before this flow has arrived, so its
        // next-outgoing-id is this end's next-incoming-id; one behind it takes back transfer-ids already used.
        if (remoteBegin != null && SerialNumber.diff(flow.nextOutgoingId(), nextIncomingId) < 0) {
            throw ProtocolException.session(
                    this,
                    SessionError.WINDOW_VIOLATION,
                    "flow with next-outgoing-id "
                            + flow.nextOutgoingId() + " behind the transfers already received (next-incoming-id "
                            + nextIncomingId + ")");
        }
        // transport.xml#doc-session-flow-control: remote-incoming-window := next-incoming-id(flow)
        // + incoming-window(flow) - next-outgoing-id(endpoint); absent next-incoming-id means the
        // peer has not seen our begin yet, so our initial next-outgoing-id (0) stands for it.
        long peerNextIncoming = flow.nextIncomingId() >= 0 ? flow.nextIncomingId() : 0;
        remoteIncomingWindow = Math.max(
                0, SerialNumber.diff(SerialNumber.add(peerNextIncoming, flow.incomingWindow()), nextOutgoingId));
        if (flow.handle() >= 0) {
            Link link = linkFor(flow.handle(), "flow");
            link.remoteFlow(flow);
            connection.engine().handler().onFlow(link);
        } else if (flow.echo()) {
            writeFlow(null, false);
        }
        pump();
        connection.engine().handler().onSessionFlow(this);
    }

    /**
     * Outgoing deliveries not yet wholly framed: more than none means the peer's incoming window is shut (or the
     * last delivery is a stream still being written). An application that sends from a large backlog stops here
     * rather than queue its whole credit's worth in the session.
     */
    public int queuedForWrite() {
        return writeQueue.size();
    }

    void remoteTransfer(Transfer transfer, ByteBuf payload) {
        if (incomingWindow <= 0) {
            throw ProtocolException.session(
                    this,
                    SessionError.WINDOW_VIOLATION,
                    "transfer beyond the incoming window (next-incoming-id " + nextIncomingId + ")");
        }
        nextIncomingId = SerialNumber.next(nextIncomingId);
        incomingWindow--;
        Link link = linkFor(transfer.handle(), "transfer");
        if (!(link instanceof Receiver receiver)) {
            throw ProtocolException.session(
                    this,
                    SessionError.ERRANT_LINK,
                    "transfer on link '" + link.name() + "', which is not a receiver here");
        }
        if (link.localState() != EndpointState.ACTIVE) {
            // This end has detached; the frame is one the peer sent before it saw the detach.
            return;
        }
        incomingUnread += payload.readableBytes();
        Delivery d = receiver.transfer(transfer, payload);
        connection.engine().handler().onDelivery(d);
        if (windowWantsOpening() && localState == EndpointState.ACTIVE) {
            writeFlow(null, false);
        }
    }

    Delivery newIncomingDelivery(Receiver receiver, Transfer t) {
        Delivery d =
                new Delivery(receiver, t.deliveryId(), t.deliveryTag(), t.messageFormat() < 0 ? 0 : t.messageFormat());
        d.rcvSettleMode(t.rcvSettleMode());
        if (!Boolean.TRUE.equals(t.settled())) {
            incoming.put(t.deliveryId(), d);
        }
        return d;
    }

    void remoteDisposition(Disposition disposition) {
        // The role is the sender of the disposition's: a receiver's disposition is about what we sent.
        DeliveryMap map = disposition.role() == Role.RECEIVER ? outgoing : incoming;
        long first = disposition.first();
        long last = disposition.last() >= 0 ? disposition.last() : first;
        long span = Integer.toUnsignedLong(SerialNumber.diff(last, first));
        if (SerialNumber.diff(last, first) < 0) {
            throw new ProtocolException(
                    AmqpError.INVALID_FIELD, "disposition range " + first + ".." + last + " runs backwards");
        }
        List<Delivery> affected = new ArrayList<>();
        if (span < map.size()) {
            for (long id = first; ; id = SerialNumber.next(id)) {
                Delivery d = map.get(id);
                if (d != null) {
                    affected.add(d);
                }
                if (id == last) {
                    break;
                }
            }
        } else {
            map.forEach(d -> {
                if (SerialNumber.diff(d.deliveryId(), first) >= 0 && SerialNumber.diff(last, d.deliveryId()) >= 0) {
                    affected.add(d);
                }
            });
            affected.sort((a, b) -> SerialNumber.diff(a.deliveryId(), b.deliveryId()));
        }
        EngineHandler handler = connection.engine().handler();
        for (Delivery d : affected) {
            if (disposition.state() != null) {
                d.remoteState(disposition.state());
            }
            if (disposition.settled()) {
                d.remotelySettled();
                if (d.settleWhenRemoteSettles() || d.isSettled()) {
                    d.locallySettled();
                    map.remove(d.deliveryId());
                }
            }
            handler.onDeliveryUpdated(d);
        }
    }

    void remoteDetach(Detach detach) {
        Link link = linkFor(detach.handle(), "detach");
        remoteHandles.remove(detach.handle());
        link.forgetHandle();
        link.remoteDetached(detach);
        connection.engine().handler().onRemoteDetach(link);
        if (link.localState() == EndpointState.CLOSED) {
            freeLink(link);
        }
    }

    void remoteEnd(End end) {
        this.remoteEnd = end;
        this.remoteState = EndpointState.CLOSED;
        discarding = false;
        connection.engine().handler().onRemoteEnd(this);
    }

    /** The session is over at both ends, or the connection went away: let go of everything. */
    void releaseAll() {
        for (Delivery d : writeQueue) {
            d.releasePayload();
        }
        writeQueue.clear();
        incoming.forEach(Delivery::releasePayload);
        outgoing.forEach(Delivery::releasePayload);
        pendingDispositions.clear();
    }

    void connectionClosed() {
        localState = EndpointState.CLOSED;
        if (remoteState == EndpointState.ACTIVE) {
            remoteState = EndpointState.CLOSED;
        }
        for (Link link : new ArrayList<>(linksByName.values())) {
            link.sessionEnded();
        }
        releaseAll();
    }

    @Override
    public String toString() {
        return "Session{channel=" + channel + "/" + remoteChannel + ", state=" + localState + "/" + remoteState + "}";
    }
}
