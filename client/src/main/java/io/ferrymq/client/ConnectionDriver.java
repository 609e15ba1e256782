package io.ferrymq.client;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.security.SaslCode;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.ferrymq.transport.AmqpConnector;
import io.ferrymq.transport.ConnectOptions;
import io.ferrymq.transport.ConnectionContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop side of a {@link Connection}: it connects (and reconnects), owns the engine of
 * the current network connection, runs the application's requests as tasks in batches with one
 * flush per batch, and passes the engine's events to the sessions and links. Everything here
 * but {@link #submit}, the futures and the volatile snapshots runs on the one event loop.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
final class ConnectionDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDriver.class);
    private static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");

    enum State {
        CONNECTING,
        OPEN,
        RECONNECTING,
        CLOSING,
        CLOSED,
        FAILED
    }

    private final Connection connection;
    private final ConnectionOptions options;
    private final EventLoop loop;
    private final List<URI> servers = new ArrayList<>();
    private final ClientFuture<Connection> openFuture;
    private final ClientFuture<Connection> closeFuture;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private volatile State state = State.CONNECTING;
    private volatile ClientException failure;
    private volatile String serverName;
    private volatile String remoteContainerId;
    private volatile Map<String, Object> remoteProperties = Map.of();
    private volatile Symbol[] remoteOffered;

    // event loop only
    private final List<Session> sessions = new ArrayList<>();
    private Attempt current;
    private int serverIndex;
    private int attempts;
    private boolean everOpened;
    /** Counts network connections: deliveries of an earlier one can no longer be settled. */
    private int epoch;

    ConnectionDriver(Connection connection, URI uri, ConnectionOptions options, EventLoop loop) {
        this.connection = connection;
        this.options = options;
        this.loop = loop;
        this.openFuture = new ClientFuture<>(connection.client().callbacks());
        this.closeFuture = new ClientFuture<>(connection.client().callbacks());
        servers.add(uri);
        servers.addAll(options.reconnect().servers());
        serverName = uri.getHost() + ":" + port(uri);
    }

    private static int port(URI uri) {
        return ConnectOptions.fromUri(uri).port();
    }

    // ------------------------------------------------------------------ from any thread

    /** Runs {@code task} on the event loop; tasks submitted together run as one batch with one flush. */
    void submit(Runnable task) {
        tasks.add(task);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drainTasks);
        }
    }

    private void drainTasks() {
        drainScheduled.set(false);
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("client task failed", e);
            }
        }
        flush();
    }

    /** Sends the engine's output (after work done outside an engine callback). */
    void flush() {
        if (current != null && current.ctx != null) {
            current.ctx.flush();
        }
    }

    /** True while the current socket takes output without passing its high watermark. */
    boolean writable() {
        return current != null && current.ctx != null && current.ctx.isWritable();
    }

    EventLoop loop() {
        return loop;
    }

    Executor callbacks() {
        return connection.client().callbacks();
    }

    <T> ClientFuture<T> newFuture() {
        return new ClientFuture<>(callbacks());
    }

    Connection connection() {
        return connection;
    }

    ConnectionOptions options() {
        return options;
    }

    CompletableFuture<Connection> openFuture() {
        return openFuture;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    State state() {
        return state;
    }

    String serverName() {
        return serverName;
    }

    String remoteContainerId() {
        return remoteContainerId;
    }

    Map<String, Object> remoteProperties() {
        return remoteProperties;
    }

    boolean remoteOffers(String capability) {
        Symbol[] offered = remoteOffered;
        if (offered == null) {
            return false;
        }
        for (Symbol s : offered) {
            if (s.toString().equals(capability)) {
                return true;
            }
        }
        return false;
    }

    /** Null while usable; else why the connection is over. */
    ClientException failure() {
        return failure;
    }

    void start() {
        submit(this::connect);
    }

    void addSession(Session s) {
        checkUsable();
        submit(() -> {
            if (state == State.CLOSED || state == State.FAILED || state == State.CLOSING) {
                s.connectionEnded(terminalError());
                return;
            }
            sessions.add(s);
            if (current != null && current.engine != null) {
                s.attachEngine(current.engine.connection());
            }
        });
    }

    void removeSession(Session s) {
        sessions.remove(s);
    }

    void checkUsable() {
        ClientException f = failure;
        if (f != null) {
            throw f;
        }
        if (state == State.CLOSED || state == State.CLOSING) {
            throw new ClientException("the connection is closed");
        }
    }

    ClientException terminalError() {
        ClientException f = failure;
        return f != null ? f : new ClientException("the connection is closed");
    }

    int epoch() {
        return epoch;
    }

    // ------------------------------------------------------------------ connecting

    private void connect() {
        if (state == State.CLOSING || state == State.CLOSED || state == State.FAILED) {
            return;
        }
        URI uri = servers.get(serverIndex % servers.size());
        serverIndex++;
        attempts++;
        serverName = uri.getHost() + ":" + port(uri);
        Attempt a = new Attempt();
        current = a;
        ConnectOptions co;
        try {
            co = ConnectOptions.fromUri(uri)
                    .connectTimeoutMillis((int) options.connectTimeout().toMillis());
            if (options.tls() != null) {
                co.tls(options.tls());
            }
            co.tlsHeader(options.tlsHeader());
        } catch (IllegalArgumentException e) {
            fail(new ClientException("cannot connect to " + uri + ": " + e.getMessage(), e));
            return;
        }
        LOG.debug("connecting to {} (attempt {})", uri, attempts);
        AmqpConnector.connect(co, loop, ctx -> {
                    a.ctx = ctx;
                    a.engine = Engine.client(engineOptions(uri), a);
                    a.engine.connection().open();
                    for (Session s : sessions) {
                        s.attachEngine(a.engine.connection());
                    }
                    return a.engine;
                })
                .whenComplete((ctx, err) -> {
                    if (err != null) {
                        onLoop(() -> lost(
                                a,
                                new ClientIOException(
                                        "cannot connect to " + serverName + ": " + err.getMessage(), err)));
                    }
                });
        a.openTimer = loop.schedule(
                () -> {
                    if (current == a && !a.opened) {
                        lost(
                                a,
                                new ClientTimeoutException("no AMQP open from " + serverName + " within "
                                        + Futures.describe(options.connectTimeout())));
                    }
                },
                options.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    private EngineOptions engineOptions(URI uri) {
        EngineOptions eo = new EngineOptions()
                .containerId(connection.client().containerId())
                .hostname(options.virtualHost() != null ? options.virtualHost() : uri.getHost())
                .maxFrameSize(options.maxFrameSize())
                .idleTimeoutMillis(options.idleTimeout().toMillis())
                .sessionIncomingCapacity(options.sessionCapacity())
                .desiredCapabilities(ANONYMOUS_RELAY);
        if (options.sasl()) {
            String user = options.user();
            String password = options.password();
            if (user == null && uri.getUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            SaslCredentials credentials =
                    user == null ? SaslCredentials.anonymous() : SaslCredentials.of(user, password);
            if (options.saslMechanisms() != null) {
                credentials = credentials.only(options.saslMechanisms());
            }
            eo.credentials(credentials);
        }
        return eo;
    }

    private void opened(Attempt a) {
        a.opened = true;
        a.openTimer.cancel(false);
        var open = a.engine.connection();
        remoteContainerId = open.remoteContainerId();
        remoteOffered = open.remoteOfferedCapabilities();
        Map<String, Object> props = new HashMap<>();
        if (open.remoteProperties() != null) {
            open.remoteProperties().forEach((k, v) -> props.put(k.toString(), v));
        }
        remoteProperties = Map.copyOf(props);
        attempts = 0;
        if (state == State.CLOSING) {
            a.engine.connection().close();
            return;
        }
        state = State.OPEN;
        LOG.info("connected to {} ({})", serverName, remoteContainerId);
        if (!everOpened) {
            everOpened = true;
            openFuture.complete(connection);
            event(ConnectionEvent.Type.CONNECTED, null);
        } else {
            event(ConnectionEvent.Type.RECONNECTED, null);
        }
    }

    /** The network connection {@code a} is over (or never was): reconnect, or fail for good. */
    private void lost(Attempt a, ClientException cause) {
        if (current != a) {
            return;
        }
        current = null;
        epoch++;
        if (a.openTimer != null) {
            a.openTimer.cancel(false);
        }
        if (a.ctx != null) {
            a.ctx.close();
        }
        boolean wasOpen = a.opened;
        for (Session s : sessions) {
            s.engineLost();
        }
        if (state == State.CLOSING) {
            closed();
            return;
        }
        if (state == State.CLOSED || state == State.FAILED) {
            return;
        }
        ReconnectOptions r = options.reconnect();
        boolean fatal = cause instanceof SaslException || cause instanceof RemoteException.UnauthorizedException;
        int limit = !everOpened ? r.maxInitialAttempts() * servers.size() : r.maxAttempts();
        if (!r.enabled() || fatal || (limit >= 0 && attempts >= limit)) {
            if (r.enabled() && !fatal) {
                cause = new ClientIOException(
                        "gave up reconnecting after " + attempts + " attempt(s): " + cause.getMessage(), cause);
            }
            fail(cause);
            return;
        }
        if (wasOpen) {
            LOG.info("connection to {} lost ({}); reconnecting", serverName, cause.getMessage());
            state = State.RECONNECTING;
            event(ConnectionEvent.Type.INTERRUPTED, cause);
        }
        long delay = r.delayMillis(attempts + 1, ThreadLocalRandom.current().nextDouble());
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void fail(ClientException cause) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        failure = cause;
        state = State.FAILED;
        LOG.info("connection to {} failed: {}", serverName, cause.getMessage());
        openFuture.completeExceptionally(cause);
        for (Session s : new ArrayList<>(sessions)) {
            s.connectionEnded(cause);
        }
        sessions.clear();
        closeFuture.complete(connection);
        event(ConnectionEvent.Type.FAILED, cause);
    }

    // ------------------------------------------------------------------ closing

    CompletableFuture<Connection> close() {
        submit(() -> {
            if (state == State.CLOSED || state == State.FAILED || state == State.CLOSING) {
                if (state == State.FAILED) {
                    closeFuture.complete(connection);
                }
                return;
            }
            state = State.CLOSING;
            Attempt a = current;
            if (a == null || a.engine == null || !a.opened) {
                if (a != null) {
                    lost(a, new ClientException("closed"));
                } else {
                    closed();
                }
                return;
            }
            a.engine.connection().close();
            loop.schedule(
                    () -> {
                        if (state == State.CLOSING) {
                            lost(a, new ClientTimeoutException("no close from the server"));
                        }
                    },
                    options.closeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        return closeFuture;
    }

    private void closed() {
        if (current != null && current.ctx != null) {
            current.ctx.close();
        }
        current = null;
        state = State.CLOSED;
        ClientException cause = new ClientException("the connection is closed");
        openFuture.completeExceptionally(cause);
        for (Session s : new ArrayList<>(sessions)) {
            s.connectionEnded(cause);
        }
        sessions.clear();
        closeFuture.complete(connection);
        event(ConnectionEvent.Type.CLOSED, null);
    }

    private void event(ConnectionEvent.Type type, ClientException cause) {
        ConnectionListener l = options.listener();
        if (l == null) {
            return;
        }
        ConnectionEvent e = new ConnectionEvent(type, serverName, cause);
        callbacks().execute(() -> {
            try {
                l.onEvent(connection, e);
            } catch (RuntimeException ex) {
                LOG.warn("connection listener failed", ex);
            }
        });
    }

    // ------------------------------------------------------------------ engine events

    /** One network connection and its engine; its events count only while it is the current one. */
    private final class Attempt implements EngineHandler {
        ConnectionContext ctx;
        Engine engine;
        ScheduledFuture<?> openTimer;
        boolean opened;

        private boolean live() {
            return current == this;
        }

        @Override
        public void onRemoteOpen(io.ferrymq.engine.Connection c) {
            if (live()) {
                opened(this);
            }
        }

        @Override
        public void onRemoteClose(io.ferrymq.engine.Connection c) {
            if (!live()) {
                return;
            }
            if (state == State.CLOSING) {
                lost(this, new ClientException("closed"));
                return;
            }
            ErrorCondition error = c.remoteError();
            ClientException cause;
            if (error == null) {
                cause = new ClientIOException("the server closed the connection");
            } else if (ConnectionError.CONNECTION_FORCED.equals(error.condition())
                    && "the transport closed".equals(error.description())) {
                cause = new ClientIOException("the connection to " + serverName + " was lost");
            } else {
                cause = RemoteException.of("the server closed the connection", error);
            }
            if (c.localState() != EndpointState.CLOSED) {
                c.close();
            }
            lost(this, cause);
        }

        @Override
        public void onRemoteBegin(io.ferrymq.engine.Session s) {
            if (live() && s.context() instanceof Session session) {
                session.remoteBegun();
            }
        }

        @Override
        public void onRemoteEnd(io.ferrymq.engine.Session s) {
            if (live() && s.context() instanceof Session session) {
                session.remoteEnded(s);
            }
        }

        @Override
        public void onRemoteAttach(Link link) {
            if (live() && link.context() instanceof AbstractLink l) {
                l.remoteAttached(link);
            } else if (link.context() == null) {
                link.close(
                        new ErrorCondition(AmqpError.NOT_ALLOWED, "this client accepts no links it did not ask for"));
            }
        }

        @Override
        public void onRemoteDetach(Link link) {
            if (live() && link.context() instanceof AbstractLink l) {
                l.remoteDetached(link);
            }
        }

        @Override
        public void onFlow(Link link) {
            if (live() && link.context() instanceof AbstractLink l) {
                l.flow(link);
            }
        }

        @Override
        public void onDelivery(io.ferrymq.engine.Delivery d) {
            if (live() && d.link().context() instanceof AbstractLink l) {
                l.delivery(d);
            }
        }

        @Override
        public void onDeliveryUpdated(io.ferrymq.engine.Delivery d) {
            if (live() && d.link().context() instanceof AbstractLink l) {
                l.deliveryUpdated(d);
            }
        }

        @Override
        public void onSaslDone(Engine e) {
            var outcome = e.saslOutcome();
            if (live() && outcome != null && outcome.code() != SaslCode.OK) {
                lost(
                        this,
                        new SaslException("authentication with " + serverName + " failed: SASL " + outcome.code()
                                + " (check the user name, password and mechanisms)"));
            }
        }

        @Override
        public void onFailure(Engine e, ErrorCondition error) {
            if (!live()) {
                return;
            }
            if (AmqpError.UNAUTHORIZED_ACCESS.equals(error.condition())) {
                lost(this, new SaslException("authentication with " + serverName + " failed: " + error.description()));
            } else if (error.description() != null && error.description().startsWith("TLS handshake failed")) {
                lost(this, new ClientIOException(error.description() + " (with " + serverName + ")"));
            } else {
                lost(
                        this,
                        new ClientIOException("protocol error with " + serverName + ": " + error.condition() + " ("
                                + error.description() + ")"));
            }
        }
    }
}
