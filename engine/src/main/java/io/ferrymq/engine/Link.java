package io.ferrymq.engine;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.LinkTarget;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.SenderSettleMode;
import java.util.Map;

/**
 * A unidirectional route between a source and a target over a session ({@code transport.xml#doc-links}).
 * Its two kinds are {@link Sender} and {@link Receiver}. The application sets the local
 * terminus and settle modes, then {@link #attach()}es; the peer's attach arrives as the
 * remote values and an {@link EngineHandler#onRemoteAttach} event.
 */
public abstract sealed class Link permits Sender, Receiver {
    private final Session session;
    private final String name;
    private long handle = -1;
    private long remoteHandle = -1;
    private EndpointState localState = EndpointState.UNINITIALIZED;
    private EndpointState remoteState = EndpointState.UNINITIALIZED;
    private boolean detachSent;

    private Source source;
    private LinkTarget target;
    private SenderSettleMode sndSettleMode = SenderSettleMode.MIXED;
    private ReceiverSettleMode rcvSettleMode = ReceiverSettleMode.FIRST;
    private UnsignedLong maxMessageSize;
    private Symbol[] offeredCapabilities;
    private Symbol[] desiredCapabilities;
    private Map<Symbol, Object> properties;

    private Attach remoteAttach;
    private Detach remoteDetach;
    private Object context;

    /** transport.xml#doc-flow-control: the link's delivery-count and link-credit as this end sees them. */
    long deliveryCount;

    long linkCredit;
    boolean drain;
    long available;

    Link(Session session, String name) {
        this.session = session;
        this.name = name;
    }

    public abstract Role role();

    public Session session() {
        return session;
    }

    public Connection connection() {
        return session.connection();
    }

    public String name() {
        return name;
    }

    /** The handle this end chose, or -1 before attach. */
    public long handle() {
        return handle;
    }

    public long remoteHandle() {
        return remoteHandle;
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

    // ------------------------------------------------------------------ local terminus and modes

    public Source source() {
        return source;
    }

    public Link source(Source source) {
        this.source = source;
        return this;
    }

    public LinkTarget target() {
        return target;
    }

    public Link target(LinkTarget target) {
        this.target = target;
        return this;
    }

    public SenderSettleMode sndSettleMode() {
        return sndSettleMode;
    }

    public Link sndSettleMode(SenderSettleMode mode) {
        this.sndSettleMode = mode;
        return this;
    }

    public ReceiverSettleMode rcvSettleMode() {
        return rcvSettleMode;
    }

    public Link rcvSettleMode(ReceiverSettleMode mode) {
        this.rcvSettleMode = mode;
        return this;
    }

    /** The largest message this end accepts, or null for no limit. */
    public UnsignedLong maxMessageSize() {
        return maxMessageSize;
    }

    public Link maxMessageSize(UnsignedLong size) {
        this.maxMessageSize = size;
        return this;
    }

    public Link offeredCapabilities(Symbol... capabilities) {
        this.offeredCapabilities = capabilities;
        return this;
    }

    public Link desiredCapabilities(Symbol... capabilities) {
        this.desiredCapabilities = capabilities;
        return this;
    }

    public Link properties(Map<Symbol, Object> properties) {
        this.properties = properties;
        return this;
    }

    // ------------------------------------------------------------------ remote values

    /** The peer's attach, or null before it arrives. */
    public Attach remoteAttach() {
        return remoteAttach;
    }

    public Source remoteSource() {
        return remoteAttach == null ? null : remoteAttach.source();
    }

    public LinkTarget remoteTarget() {
        return remoteAttach == null ? null : remoteAttach.target();
    }

    public SenderSettleMode remoteSndSettleMode() {
        return remoteAttach == null ? SenderSettleMode.MIXED : remoteAttach.sndSettleMode();
    }

    public ReceiverSettleMode remoteRcvSettleMode() {
        return remoteAttach == null ? ReceiverSettleMode.FIRST : remoteAttach.rcvSettleMode();
    }

    public Symbol[] remoteOfferedCapabilities() {
        return remoteAttach == null ? null : remoteAttach.offeredCapabilities();
    }

    public Symbol[] remoteDesiredCapabilities() {
        return remoteAttach == null ? null : remoteAttach.desiredCapabilities();
    }

    public Map<Symbol, Object> remoteProperties() {
        return remoteAttach == null ? null : remoteAttach.properties();
    }

    /** The peer's detach, or null. */
    public Detach remoteDetach() {
        return remoteDetach;
    }

    /** The error the peer detached with, or null. */
    public ErrorCondition remoteError() {
        return remoteDetach == null ? null : remoteDetach.error();
    }

    /** The current link-credit as this end knows it. */
    public long credit() {
        return linkCredit;
    }

    public long deliveryCount() {
        return deliveryCount;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Sends the attach ({@code transport.xml#doc-establishing-a-link}). */
    public void attach() {
        if (localState != EndpointState.UNINITIALIZED) {
            throw new IllegalStateException("link '" + name + "' is already " + localState);
        }
        localState = EndpointState.ACTIVE;
        handle = session.allocateHandle(this);
        session.writeAttach(this, buildAttach());
    }

    Attach buildAttach() {
        Attach a = new Attach()
                .name(name)
                .handle(handle)
                .role(role())
                .sndSettleMode(sndSettleMode)
                .rcvSettleMode(rcvSettleMode)
                .source(source)
                .target(target)
                .maxMessageSize(maxMessageSize)
                .offeredCapabilities(offeredCapabilities)
                .desiredCapabilities(desiredCapabilities)
                .properties(properties);
        if (this instanceof Sender) {
            a.initialDeliveryCount(deliveryCount);
        }
        return a;
    }

    /** Detaches without closing: the link may be resumed later ({@code transport.xml#doc-detaching-and-reattaching}). */
    public void detach() {
        detach(false, null);
    }

    private void detach(boolean closed, ErrorCondition error) {
        if (localState == EndpointState.CLOSED) {
            return;
        }
        localState = EndpointState.CLOSED;
        if (handle >= 0 && !detachSent) {
            detachSent = true;
            session.writeDetach(this, new Detach().handle(handle).closed(closed).error(error));
        }
        localClosed();
        session.linkEnded(this);
    }

    /** Closes the link, optionally with an error ({@code transport.xml#doc-closing-a-link}). */
    public void close(ErrorCondition error) {
        detach(true, error);
    }

    public void close() {
        close(null);
    }

    /** Hook for the link kinds when this end detaches. */
    void localClosed() {}

    // ------------------------------------------------------------------ engine side

    void remoteAttached(Attach attach) {
        this.remoteAttach = attach;
        this.remoteHandle = attach.handle();
        this.remoteState = EndpointState.ACTIVE;
    }

    void remoteDetached(Detach detach) {
        this.remoteDetach = detach;
        this.remoteState = EndpointState.CLOSED;
    }

    /** The session ended or the connection closed under the link. */
    void sessionEnded() {
        localState = EndpointState.CLOSED;
        if (remoteState == EndpointState.ACTIVE) {
            remoteState = EndpointState.CLOSED;
        }
        localClosed();
    }

    boolean isDetachSent() {
        return detachSent;
    }

    void forgetHandle() {
        remoteHandle = -1;
    }

    /** A flow frame for this link, session fields left for the session to fill in. */
    Flow linkFlow() {
        Flow f = new Flow()
                .handle(handle)
                .deliveryCount(deliveryCount)
                .linkCredit(linkCredit)
                .drain(drain);
        if (available > 0) {
            f.available(available);
        }
        return f;
    }

    /** The peer's flow for this link arrived. */
    abstract void remoteFlow(Flow flow);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{name=" + name + ", handle=" + handle + "/" + remoteHandle + ", state="
                + localState + "/" + remoteState + ", credit=" + linkCredit + "}";
    }
}
