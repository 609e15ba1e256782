package io.ferrymq.testsupport.amqp;

import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.AmqpListener;
import io.ferrymq.transport.ConnectionContext;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small AMQP 1.0 server made of Ferry's engine and transport, for tests of clients, on loopback ports of its own.
 * It takes every link that names an address: the messages sent to an address are kept in memory (as the bytes they
 * came as, oldest first, at most {@link #MAX_MESSAGES_PER_ADDRESS}) and handed to whoever receives from it. The
 * {@link ServerOptions} say who may connect, whether a second port serves TLS, and which addresses refuse links,
 * withhold credit or close a link at its first message: the cases a real broker does not produce on demand. What it
 * saw of each connection is kept ({@link #connections()}).
 */
public final class AmqpTestServer implements AutoCloseable {
    /** Messages an address holds at most; more are rejected with amqp:resource-limit-exceeded. */
    public static final int MAX_MESSAGES_PER_ADDRESS = 20_000;
    /** The largest message taken (the max-message-size of the links clients send on). */
    public static final long MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    /** The largest frame the server takes (its engine's default), and sends. */
    public static final long MAX_FRAME_SIZE = new EngineOptions().maxFrameSize();
    /** Credit kept open on each link clients send on. */
    static final int CREDIT_WINDOW = 1000;

    private final ServerOptions options;
    private final StandardAuthenticator authenticator;
    private final TestPki pki;
    private final EventLoopGroup group;
    private final Map<String, AddressQueue> queues = new ConcurrentHashMap<>();
    private final List<ConnectionRecord> connections = new CopyOnWriteArrayList<>();
    private AmqpListener plain;
    private AmqpListener tls;

    private AmqpTestServer(ServerOptions options, TestPki pki) {
        this.options = options;
        this.pki = pki;
        InMemoryUserStore users = new InMemoryUserStore();
        options.users().forEach(users::add);
        this.authenticator = new StandardAuthenticator(users, options.anonymous());
        this.group = Transports.group(options.threads(), "amqp-test-server");
    }

    public static AmqpTestServer start(ServerOptions options) throws Exception {
        TestPki pki = options.tlsDir() == null ? null : TestPki.create(options.tlsDir());
        AmqpTestServer server = new AmqpTestServer(options, pki);
        try {
            server.listen();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void listen() throws Exception {
        plain = AmqpListener.start(new ListenerOptions().port(0), group, group, this::engine);
        if (pki != null) {
            tls = AmqpListener.start(
                    new ListenerOptions().port(0).tls(pki.serverTls()).allowPlain(false), group, group, this::engine);
        }
    }

    private Engine engine(ConnectionContext context) {
        ConnectionRecord record = new ConnectionRecord(context);
        connections.add(record);
        EngineOptions engineOptions = new EngineOptions()
                .containerId(options.containerId())
                .authenticator(new RecordingAuthenticator(authenticator, record));
        return Engine.server(engineOptions, new ServerConnection(this, options, context, record));
    }

    AddressQueue queue(String address) {
        return queues.computeIfAbsent(address, a -> new AddressQueue(a, MAX_MESSAGES_PER_ADDRESS));
    }

    /** The plain TCP port. */
    public int port() {
        return plain.port();
    }

    /** {@code amqp://127.0.0.1:PORT}, the plain TCP port. */
    public String uri() {
        return "amqp://127.0.0.1:" + port();
    }

    /** The TLS port, when the options asked for one. */
    public int tlsPort() {
        return tlsListener().port();
    }

    /** The certificates of the TLS port, when the options asked for one. */
    public TestPki pki() {
        tlsListener();
        return pki;
    }

    private AmqpListener tlsListener() {
        if (tls == null) {
            throw new IllegalStateException("this server has no TLS port: see ServerOptions.tls");
        }
        return tls;
    }

    /** Messages held for {@code address} now. */
    public int depth(String address) {
        AddressQueue queue = queues.get(address);
        return queue == null ? 0 : queue.size();
    }

    /** Sockets open now, on either port. */
    public int openConnections() {
        return plain.connectionCount() + (tls == null ? 0 : tls.connectionCount());
    }

    /** Every connection the server has seen. */
    public List<ConnectionRecord> connections() {
        return List.copyOf(connections);
    }

    /** The connections whose open carried {@code containerId}. */
    public List<ConnectionRecord> connections(String containerId) {
        return connections.stream()
                .filter(c -> containerId.equals(c.containerId()))
                .toList();
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
        if (plain != null) {
            plain.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
