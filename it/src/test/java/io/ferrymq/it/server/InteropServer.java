package io.ferrymq.it.server;

import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.AmqpListener;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A minimal AMQP 1.0 server made of Ferry's engine and transport, for interoperability tests:
 * it accepts every link, keeps the messages sent to an address in memory (as the bytes they
 * came as, oldest first, at most {@link #MAX_MESSAGES_PER_ADDRESS}), and hands them to whoever
 * receives from that address. One port serves plain TCP, another TLS; both offer SASL
 * ANONYMOUS, PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 with one user.
 */
public final class InteropServer implements AutoCloseable {
    public static final String USER = "ferry";
    public static final String PASSWORD = "ferry-interop-secret";
    /** Messages an address holds at most; more are rejected with amqp:resource-limit-exceeded. */
    public static final int MAX_MESSAGES_PER_ADDRESS = 20_000;
    /** The largest message accepted (the link's max-message-size). */
    public static final long MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    /** The largest frame the server accepts (its engine's default), and sends. */
    public static final long MAX_FRAME_SIZE = new EngineOptions().maxFrameSize();
    /** Credit kept open on each link the clients send on. */
    static final int CREDIT_WINDOW = 1000;

    private final EventLoopGroup group;
    private final TestPki pki;
    private final AmqpListener plain;
    private final AmqpListener tls;
    private final StandardAuthenticator authenticator;
    private final Map<String, AddressQueue> queues = new ConcurrentHashMap<>();
    private final List<ConnectionRecord> connections = new CopyOnWriteArrayList<>();

    private InteropServer(Path dir, int threads) throws Exception {
        authenticator = new StandardAuthenticator(new InMemoryUserStore().add(USER, PASSWORD), true);
        pki = new TestPki(dir);
        group = Transports.group(threads, "interop-server");
        try {
            plain = AmqpListener.start(new ListenerOptions().port(0), group, group, this::engine);
            tls = AmqpListener.start(new ListenerOptions().port(0).tls(pki.serverTls()).allowPlain(false), group,
                    group, this::engine);
        } catch (IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Starts the server on two ephemeral loopback ports; certificates go to {@code dir}. */
    public static InteropServer start(Path dir) throws Exception {
        return new InteropServer(dir, 2);
    }

    private Engine engine(io.ferrymq.transport.ConnectionContext context) {
        ConnectionRecord record = new ConnectionRecord(context);
        connections.add(record);
        EngineOptions options = new EngineOptions().containerId("ferry-interop-server")
                .authenticator(new RecordingAuthenticator(authenticator, record));
        return Engine.server(options, new ServerConnection(this, context, record));
    }

    AddressQueue queue(String address) {
        return queues.computeIfAbsent(address, a -> new AddressQueue(a, MAX_MESSAGES_PER_ADDRESS));
    }

    public int plainPort() {
        return plain.port();
    }

    public int tlsPort() {
        return tls.port();
    }

    public TestPki pki() {
        return pki;
    }

    /** Messages held for {@code address} now. */
    public int depth(String address) {
        AddressQueue q = queues.get(address);
        return q == null ? 0 : q.size();
    }

    /** Sockets open now on either port. */
    public int openConnections() {
        return plain.connectionCount() + tls.connectionCount();
    }

    /** Every connection the server has seen. */
    public List<ConnectionRecord> connections() {
        return List.copyOf(connections);
    }

    /** The connections whose open carried {@code containerId}. */
    public List<ConnectionRecord> connections(String containerId) {
        return connections.stream().filter(c -> containerId.equals(c.containerId())).toList();
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        tls.close();
        plain.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
