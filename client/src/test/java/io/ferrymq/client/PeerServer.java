package io.ferrymq.client;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Session;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.AmqpListener;
import io.ferrymq.transport.ListenerOptions;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal AMQP server on Ferry's engine and transport, for the cases real brokers do not
 * produce on demand. It behaves by the address a link names:
 * <ul>
 * <li>{@code missing}: refuses the link with {@code amqp:not-found};</li>
 * <li>{@code no-credit}: attaches a sender's link but never grants credit;</li>
 * <li>{@code close-later}: attaches, then closes the link with {@code amqp:resource-deleted} at the first message;</li>
 * <li>anything else: attaches, grants credit and accepts every message.</li>
 * </ul>
 * Users: {@code alice} / {@code secret} (SASL PLAIN or SCRAM; anonymous is refused).
 */
final class PeerServer implements AutoCloseable, EngineHandler {
    private final EventLoopGroup group = Transports.group(1, "peer-server");
    private final AmqpListener listener;
    final AtomicInteger accepted = new AtomicInteger();

    PeerServer() throws Exception {
        InMemoryUserStore users = new InMemoryUserStore().add("alice", "secret");
        listener = AmqpListener.start(new ListenerOptions().host("127.0.0.1").port(0), group, group,
                ctx -> Engine.server(new EngineOptions().containerId("peer-server")
                        .authenticator(new StandardAuthenticator(users, false)), this));
    }

    String uri() {
        return "amqp://127.0.0.1:" + listener.port();
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        connection.open();
    }

    @Override
    public void onRemoteClose(Connection connection) {
        connection.close();
    }

    @Override
    public void onRemoteBegin(Session session) {
        session.begin();
    }

    @Override
    public void onRemoteEnd(Session session) {
        session.end();
    }

    @Override
    public void onRemoteAttach(Link link) {
        String address = link instanceof Receiver ? ((Target) link.remoteTarget()).address()
                : link.remoteSource().address();
        if ("missing".equals(address)) {
            link.source(null).target(null);
            link.attach();
            link.close(new ErrorCondition(AmqpError.NOT_FOUND, "no queue named 'missing' here",
                    java.util.Map.of(Symbol.valueOf("address"), "missing")));
            return;
        }
        link.source(link.remoteSource() == null ? new Source() : link.remoteSource())
                .target(link.remoteTarget() == null ? new Target() : link.remoteTarget());
        link.context(address);
        link.attach();
        if (link instanceof Receiver r && !"no-credit".equals(address)) {
            r.flow(100);
        }
    }

    @Override
    public void onRemoteDetach(Link link) {
        link.close();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial()) {
            delivery.takePayload().release();
            return;
        }
        delivery.takePayload().release();
        Receiver r = (Receiver) delivery.link();
        if ("close-later".equals(r.context())) {
            r.close(new ErrorCondition(AmqpError.RESOURCE_DELETED, "the queue was deleted"));
            return;
        }
        delivery.disposition(Accepted.INSTANCE, true);
        accepted.incrementAndGet();
        if (r.credit() < 50) {
            r.flow(100);
        }
    }

    @Override
    public void close() {
        listener.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }
}
