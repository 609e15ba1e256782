package io.ferrymq.bench.compare;

import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.AmqpListener;
import io.ferrymq.transport.ConnectionContext;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The client's ceiling: an AMQP peer with no broker behind it, made of Ferry's engine and transport. It accepts and
 * settles every message sent to it and drops it, counting it for its address; to the links that receive from an
 * address it sends as many ready-made messages (of a given body size) as were sent to that address, as their credit
 * allows. The client does the work of a real exchange, the server almost none: what the client reaches against it is
 * as fast as the client goes on this machine.
 */
public final class SinkServer implements AutoCloseable {
    /** Credit kept open on each link the client sends on, as the brokers do. */
    static final int CREDIT_WINDOW = 1000;

    private final EventLoopGroup group;
    private final AmqpListener listener;
    private final SinkMessage message;
    private final Map<String, SinkAddress> addresses = new ConcurrentHashMap<>();
    private final StandardAuthenticator authenticator = new StandardAuthenticator(new InMemoryUserStore(), true);

    private SinkServer(int port, int bodyBytes, int threads) throws IOException {
        message = new SinkMessage(bodyBytes);
        group = Transports.group(threads, "sink");
        try {
            listener = AmqpListener.start(new ListenerOptions().port(port), group, group, this::engine);
        } catch (IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Listens on loopback {@code port} (0 for any free one); receivers get messages with bodies of {@code bodyBytes}. */
    public static SinkServer start(int port, int bodyBytes) throws IOException {
        return new SinkServer(port, bodyBytes, Runtime.getRuntime().availableProcessors());
    }

    private Engine engine(ConnectionContext context) {
        EngineOptions options =
                new EngineOptions().containerId("ferry-compare-sink").authenticator(authenticator);
        return Engine.server(
                options,
                new SinkConnection(context, message, a -> addresses.computeIfAbsent(a, k -> new SinkAddress())));
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
