package io.ferrymq.transport;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Session;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server application for transport tests: accepts everything, grants credit, keeps message payloads. */
final class EchoServerApp implements EngineHandler {
    final List<String> payloads = new CopyOnWriteArrayList<>();
    final List<ConnectionContext> contexts = new CopyOnWriteArrayList<>();

    EngineFactory factory(io.ferrymq.engine.EngineOptions options) {
        return ctx -> {
            contexts.add(ctx);
            return io.ferrymq.engine.Engine.server(options, this);
        };
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
    public void onRemoteAttach(Link link) {
        if (link.localState() == EndpointState.UNINITIALIZED) {
            link.source(link.remoteSource()).target(link.remoteTarget()).attach();
            if (link instanceof Receiver r) {
                r.flow(100);
            }
        }
    }

    @Override
    public void onRemoteDetach(Link link) {
        link.close();
    }

    @Override
    public void onRemoteEnd(Session session) {
        session.end();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial()) {
            return;
        }
        ByteBuf payload = delivery.takePayload();
        payloads.add(payload.toString(java.nio.charset.StandardCharsets.UTF_8));
        payload.release();
        delivery.disposition(Accepted.INSTANCE, true);
        ((Receiver) delivery.link()).addCredit(1);
    }
}
