package io.ferrymq.client;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What senders and receivers share: the attach handshake (again after each reconnect), the
 * link's address, errors the server closes it with, and closing.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public abstract sealed class AbstractLink implements AutoCloseable
        permits Sender, Receiver, StreamSender, StreamReceiver {
    final Session session;
    final ConnectionDriver driver;
    final String name;
    private final ClientFuture<AbstractLink> openFuture;
    private final ClientFuture<AbstractLink> closeFuture;
    private volatile String address;
    private volatile ClientException failure;
    volatile boolean closed;

    // event loop only
    Link link;
    private boolean closing;
    private boolean attachedOnce;

    AbstractLink(Session session, String name, String address) {
        this.session = session;
        this.driver = session.driver();
        this.name = name;
        this.address = address;
        this.openFuture = driver.newFuture();
        this.closeFuture = driver.newFuture();
    }

    /** The link's name ({@code transport.xml#type-attach}). */
    public String name() {
        return name;
    }

    /** The address the link sends to or receives from; for a dynamic receiver, the one the server made. */
    public String address() {
        return address;
    }

    public Session session() {
        return session;
    }

    /** Completes when the server has attached the link, or exceptionally when it refused. */
    public CompletableFuture<AbstractLink> openFuture() {
        return openFuture;
    }

    /** Null while the link is usable; else why it is not. */
    ClientException failure() {
        return failure;
    }

    void checkUsable() {
        ClientException f = failure;
        if (f != null) {
            throw f;
        }
        if (closed) {
            throw new IllegalStateException("the link '" + name + "' is closed");
        }
    }

    /** The engine link, when attached at both ends now. */
    Link usableLink() {
        Link l = link;
        return l != null && l.localState() == EndpointState.ACTIVE && l.remoteState() == EndpointState.ACTIVE
                ? l
                : null;
    }

    // ------------------------------------------------------------------ event loop

    /** An engine sender to {@code target}, settling as {@code mode} says. */
    static Link senderLink(io.ferrymq.engine.Session s, String name, Target target, DeliveryMode mode) {
        Link l = s.sender(name);
        l.source(new Source()).target(target);
        l.sndSettleMode(mode == DeliveryMode.AT_MOST_ONCE ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        return l;
    }

    /** An engine receiver from {@code source}, asking the server to settle as {@code mode} says. */
    static Link receiverLink(io.ferrymq.engine.Session s, String name, Source source, DeliveryMode mode) {
        Link l = s.receiver(name);
        l.source(source).target(new Target());
        l.rcvSettleMode(ReceiverSettleMode.FIRST);
        l.sndSettleMode(mode == DeliveryMode.AT_MOST_ONCE ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        return l;
    }

    /** Makes the engine link on {@code s}, set up but not attached. */
    abstract Link createLink(io.ferrymq.engine.Session s);

    void attachEngine(io.ferrymq.engine.Session s) {
        if (closing) {
            return;
        }
        link = createLink(s);
        link.context(this);
        link.attach();
        afterAttachSent(link);
    }

    /** Hook: the attach went out (a receiver grants credit here). */
    void afterAttachSent(Link l) {}

    void remoteAttached(Link l) {
        if (l != link) {
            return;
        }
        boolean refused = l instanceof io.ferrymq.engine.Receiver ? l.remoteSource() == null : l.remoteTarget() == null;
        if (refused) {
            return; // the server attached with no terminus: its detach with the reason follows
        }
        if (l instanceof io.ferrymq.engine.Receiver
                && l.remoteSource() != null
                && l.remoteSource().address() != null) {
            address = l.remoteSource().address();
        }
        boolean again = attachedOnce;
        attachedOnce = true;
        attached(again);
        openFuture.complete(this);
    }

    /** Hook: the server attached the link ({@code again} after a reconnect). */
    abstract void attached(boolean again);

    void remoteDetached(Link l) {
        if (l != link) {
            return;
        }
        if (l.localState() != EndpointState.CLOSED) {
            l.close();
        }
        link = null;
        if (closing) {
            finish(null);
            return;
        }
        ClientException cause = RemoteException.of(
                "the server closed the link '" + name + "'" + (address == null ? "" : " (" + address + ")"),
                l.remoteError());
        if (l.remoteError() == null) {
            cause = new ClientException("the server closed the link '" + name + "'");
        }
        finish(cause);
    }

    /** The network connection is gone; the link will be attached again if it comes back. */
    void engineLost() {
        link = null;
        lost();
    }

    /** Hook: the engine link went with the network connection. */
    abstract void lost();

    /** The session or connection ended under the link. */
    void ended(ClientException cause) {
        link = null;
        finish(closing ? null : cause);
    }

    private void finish(ClientException cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (cause != null) {
            failure = cause;
            openFuture.completeExceptionally(cause);
        } else {
            openFuture.completeExceptionally(new ClientException("the link '" + name + "' is closed"));
        }
        session.removeLink(this);
        failed(cause != null ? cause : new ClientException("the link '" + name + "' is closed"));
        closeFuture.complete(this);
    }

    /** Hook: the link is over; fail whatever waits on it. */
    abstract void failed(ClientException cause);

    /** Hook for receivers: a transfer arrived. */
    void delivery(io.ferrymq.engine.Delivery d) {}

    /** Hook for senders: the server's state or settlement of a delivery changed. */
    void deliveryUpdated(io.ferrymq.engine.Delivery d) {}

    /** Hook: a flow for the link arrived. */
    void flow(Link l) {}

    // ------------------------------------------------------------------ closing

    /** Closes the link; completes when the server has detached it too. */
    public CompletableFuture<AbstractLink> closeAsync() {
        return end(true);
    }

    /**
     * Detaches the link without closing it: a durable subscription's source stays on the server
     * and keeps messages until a link of the same name attaches again ({@code transport.xml#doc-detaching-and-reattaching}).
     */
    public CompletableFuture<AbstractLink> detachAsync() {
        return end(false);
    }

    /** Detaches ({@link #detachAsync()}) and waits for the server, at most {@code timeout}. */
    public void detach(Duration timeout) {
        Futures.await(detachAsync(), timeout, "detaching the link '" + name + "'");
    }

    private CompletableFuture<AbstractLink> end(boolean close) {
        driver.submit(() -> {
            if (closed || closing) {
                return;
            }
            closing = true;
            Link l = link;
            if (l == null || l.localState() != EndpointState.ACTIVE) {
                finish(null);
                return;
            }
            if (close) {
                l.close();
            } else {
                l.detach();
            }
            if (l.remoteState() != EndpointState.ACTIVE) {
                link = null;
                finish(null);
            }
        });
        return closeFuture;
    }

    /** Closes the link and waits for the server's detach, at most {@code timeout}. */
    public void close(Duration timeout) {
        Futures.await(closeAsync(), timeout, "closing the link '" + name + "'");
    }

    @Override
    public void close() {
        close(driver.options().closeTimeout());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + name + ", " + address + "}";
    }
}
