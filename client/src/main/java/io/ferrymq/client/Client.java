package io.ferrymq.client;

import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container of an application's connections to AMQP 1.0 servers: it owns the IO threads
 * (each connection lives on one of them) and the executor that runs callbacks. Thread-safe.
 *
 * <pre>{@code
 * try (Client client = Client.create();
 *      Connection connection = client.connect("amqp://localhost:5672")) {
 *     connection.openSender("queue").send(Message.create("hello"));
 * }
 * }</pre>
 */
public final class Client implements AutoCloseable {
    private final ClientOptions options;
    private final EventLoopGroup group;
    private final ExecutorService callbacks;
    private final boolean ownsCallbacks;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Client(ClientOptions options) {
        this.options = options;
        this.group = Transports.group(options.ioThreads(), "ferry-client-io");
        if (options.callbackExecutor() != null) {
            callbacks = options.callbackExecutor();
            ownsCallbacks = false;
        } else {
            AtomicInteger n = new AtomicInteger();
            // A small cached pool: threads come when callbacks are busy and go after a minute idle.
            callbacks = new ThreadPoolExecutor(
                    0,
                    16,
                    60,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "ferry-client-callback-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    new ThreadPoolExecutor.CallerRunsPolicy());
            ownsCallbacks = true;
        }
    }

    /** A client with default options. */
    public static Client create() {
        return new Client(new ClientOptions());
    }

    public static Client create(ClientOptions options) {
        return new Client(options);
    }

    public String containerId() {
        return options.containerId();
    }

    /**
     * Connects to {@code uri} ({@code amqp://host:port}, {@code amqps://} for TLS,
     * {@code amqpws://}/{@code amqpwss://} for WebSocket; user and password may be in the URI).
     * Returns at once; the connection opens in the background ({@link Connection#openFuture()}),
     * and calls on it wait for the open.
     */
    public Connection connect(String uri) {
        return connect(uri, new ConnectionOptions());
    }

    public Connection connect(String uri, ConnectionOptions connectionOptions) {
        return connect(URI.create(uri), connectionOptions);
    }

    public Connection connect(String host, int port) {
        return connect(host, port, new ConnectionOptions());
    }

    public Connection connect(String host, int port, ConnectionOptions connectionOptions) {
        return connect(
                URI.create("amqp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port), connectionOptions);
    }

    private Connection connect(URI uri, ConnectionOptions connectionOptions) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        Connection c = new Connection(this, uri, connectionOptions, group.next());
        connections.add(c);
        c.start();
        return c;
    }

    ExecutorService callbacks() {
        return callbacks;
    }

    void closed(Connection c) {
        connections.remove(c);
    }

    /** Closes every connection (each waiting up to its close timeout) and stops the client's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection c : new ArrayList<>(connections)) {
            try {
                c.close();
            } catch (ClientException e) {
                // closing anyway
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownsCallbacks) {
            callbacks.shutdown();
        }
    }
}
