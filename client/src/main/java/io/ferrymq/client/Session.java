package io.ferrymq.client;

import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnknownDescribedType;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.messaging.TerminusDurability;
import io.ferrymq.codec.messaging.TerminusExpiryPolicy;
import io.ferrymq.engine.EndpointState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session on a {@link Connection} ({@code transport.xml#doc-sessions}): an ordered channel
 * holding senders and receivers, with its own incoming window. Thread-safe.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class Session implements AutoCloseable {
    private static final AtomicLong NAMES = new AtomicLong();
    private static final Symbol SELECTOR = Symbol.valueOf("apache.org:selector-filter:string");
    private static final long SELECTOR_CODE = 0x0000468C00000004L;

    private final Connection connection;
    private final ConnectionDriver driver;
    private final SessionOptions options;
    private final ClientFuture<Session> closeFuture;
    private volatile boolean closed;

    // event loop only
    private io.ferrymq.engine.Session engineSession;
    private final List<AbstractLink> links = new ArrayList<>();
    private boolean closing;

    Session(Connection connection, SessionOptions options) {
        this.connection = connection;
        this.driver = connection.driver();
        this.options = options.copy(); // its own: the caller may change theirs
        this.closeFuture = driver.newFuture();
    }

    public Connection connection() {
        return connection;
    }

    ConnectionDriver driver() {
        return driver;
    }

    // ------------------------------------------------------------------ opening links

    /** Opens a sender to {@code address} and waits (at most the request timeout) for the server to attach it. */
    public Sender openSender(String address) {
        return openSender(address, new SenderOptions());
    }

    public Sender openSender(String address, SenderOptions senderOptions) {
        return awaitOpen(openSenderAsync(address, senderOptions), "opening a sender to '" + address + "'");
    }

    /** Opens a sender; the future completes when the server has attached it. */
    public CompletableFuture<Sender> openSenderAsync(String address, SenderOptions senderOptions) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("a sender needs an address (or use openAnonymousSender)");
        }
        return add(new Sender(
                this, name("sender", senderOptions.linkName()), senderOptions, target(address, senderOptions)));
    }

    /** Opens a sender with no target address: messages say where they go ({@link Message#to}). */
    public Sender openAnonymousSender(SenderOptions senderOptions) {
        return awaitOpen(
                add(new Sender(
                        this, name("anonymous", senderOptions.linkName()), senderOptions, target(null, senderOptions))),
                "opening an anonymous sender");
    }

    /** Opens a receiver from {@code address} and waits for the server to attach it. */
    public Receiver openReceiver(String address) {
        return openReceiver(address, new ReceiverOptions());
    }

    public Receiver openReceiver(String address, ReceiverOptions receiverOptions) {
        return awaitOpen(openReceiverAsync(address, receiverOptions), "opening a receiver from '" + address + "'");
    }

    public CompletableFuture<Receiver> openReceiverAsync(String address, ReceiverOptions receiverOptions) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("a receiver needs an address (or use openDynamicReceiver)");
        }
        return add(new Receiver(
                this, name("receiver", receiverOptions.linkName()), receiverOptions, source(address, receiverOptions)));
    }

    /** Opens a receiver from a temporary queue the server makes; {@link Receiver#address()} names it. */
    public Receiver openDynamicReceiver(ReceiverOptions receiverOptions) {
        Source s = source(null, receiverOptions).dynamic(true).expiryPolicy(TerminusExpiryPolicy.LINK_DETACH);
        return awaitOpen(
                add(new Receiver(this, name("dynamic", receiverOptions.linkName()), receiverOptions, s)),
                "opening a dynamic receiver");
    }

    /**
     * Opens (or resumes) the durable subscription {@code subscription} on the topic {@code address}.
     * The link is named after the subscription and the source is durable and never expires, which
     * is how AMQP servers (Artemis, Ferry, Qpid JMS's peers) name and keep subscriptions.
     */
    public Receiver openDurableReceiver(String address, String subscription, ReceiverOptions receiverOptions) {
        receiverOptions.durable(true).linkName(subscription);
        return openReceiver(address, receiverOptions);
    }

    public StreamSender openStreamSender(String address, SenderOptions senderOptions) {
        return awaitOpen(
                add(new StreamSender(
                        this,
                        name("stream-sender", senderOptions.linkName()),
                        senderOptions,
                        target(address, senderOptions))),
                "opening a stream sender to '" + address + "'");
    }

    public StreamReceiver openStreamReceiver(String address, ReceiverOptions receiverOptions) {
        return awaitOpen(
                add(new StreamReceiver(
                        this,
                        name("stream-receiver", receiverOptions.linkName()),
                        receiverOptions,
                        source(address, receiverOptions))),
                "opening a stream receiver from '" + address + "'");
    }

    private <T> T awaitOpen(CompletableFuture<T> f, String what) {
        return Futures.await(f, driver.options().requestTimeout(), what);
    }

    private static String name(String kind, String given) {
        return given != null ? given : kind + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    private static Target target(String address, SenderOptions o) {
        Target t = new Target().address(address);
        if (o.targetCapabilities() != null) {
            t.capabilities(Symbol.array(o.targetCapabilities()));
        }
        return t;
    }

    private static Source source(String address, ReceiverOptions o) {
        Source s = new Source().address(address);
        List<String> caps = new ArrayList<>();
        if (o.sourceCapabilities() != null) {
            caps.addAll(List.of(o.sourceCapabilities()));
        }
        if (o.durable()) {
            s.durable(TerminusDurability.UNSETTLED_STATE).expiryPolicy(TerminusExpiryPolicy.NEVER);
            if (!caps.contains("topic")) {
                caps.add("topic");
            }
        }
        if (o.shared()) {
            caps.add("shared");
            caps.add("global");
            if (!caps.contains("topic")) {
                caps.add("topic");
            }
        }
        if (!caps.isEmpty()) {
            s.capabilities(Symbol.array(caps.toArray(String[]::new)));
        }
        if (o.browse()) {
            s.distributionMode(Source.COPY);
        }
        if (o.selector() != null) {
            Map<Symbol, Object> filter = new HashMap<>();
            filter.put(SELECTOR, new UnknownDescribedType(UnsignedLong.valueOf(SELECTOR_CODE), o.selector()));
            s.filter(filter);
        }
        return s;
    }

    private <T extends AbstractLink> CompletableFuture<T> add(T link) {
        driver.checkUsable();
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        driver.submit(() -> {
            if (closing) {
                link.ended(new ClientException("the session is closed"));
                return;
            }
            links.add(link);
            if (engineSession != null) {
                link.attachEngine(engineSession);
            }
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<T> f = (CompletableFuture<T>) (CompletableFuture<?>) link.openFuture();
        return f;
    }

    // ------------------------------------------------------------------ event loop

    void attachEngine(io.ferrymq.engine.Connection c) {
        engineSession = c.session();
        if (options.incomingCapacity() > 0) {
            engineSession.incomingCapacity(options.incomingCapacity());
        }
        engineSession.context(this);
        engineSession.begin();
        for (AbstractLink l : links) {
            l.attachEngine(engineSession);
        }
    }

    void remoteBegun() {}

    void remoteEnded(io.ferrymq.engine.Session s) {
        if (s != engineSession) {
            return;
        }
        if (s.localState() != EndpointState.CLOSED) {
            s.end();
        }
        engineSession = null;
        ClientException cause = closing
                ? new ClientException("the session is closed")
                : RemoteException.of("the server ended the session", s.remoteError());
        for (AbstractLink l : new ArrayList<>(links)) {
            l.ended(cause);
        }
        links.clear();
        closed = true;
        driver.removeSession(this);
        closeFuture.complete(this);
    }

    void engineLost() {
        engineSession = null;
        for (AbstractLink l : links) {
            l.engineLost();
        }
    }

    void connectionEnded(ClientException cause) {
        engineSession = null;
        closed = true;
        for (AbstractLink l : new ArrayList<>(links)) {
            l.ended(cause);
        }
        links.clear();
        closeFuture.complete(this);
    }

    void removeLink(AbstractLink l) {
        links.remove(l);
    }

    // ------------------------------------------------------------------ closing

    public CompletableFuture<Session> closeAsync() {
        driver.submit(() -> {
            if (closing || closed) {
                closeFuture.complete(this);
                return;
            }
            closing = true;
            if (engineSession == null) {
                connectionEnded(new ClientException("the session is closed"));
                driver.removeSession(this);
                return;
            }
            engineSession.end();
        });
        return closeFuture;
    }

    /** Ends the session and waits for the server's answer, at most {@code timeout}. */
    public void close(Duration timeout) {
        Futures.await(closeAsync(), timeout, "closing the session");
    }

    @Override
    public void close() {
        close(driver.options().closeTimeout());
    }
}
