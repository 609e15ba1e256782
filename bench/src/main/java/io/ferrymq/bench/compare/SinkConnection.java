package io.ferrymq.bench.compare;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.engine.Session;
import io.ferrymq.transport.ConnectionContext;
import java.util.function.Function;

/**
 * The sink's side of one connection, on its event loop: answers opens, begins and attaches with whatever the client
 * asked for; accepts, settles and drops what the client sends, counting it for its address; feeds what the client
 * receives from a {@link SinkOutgoing}.
 */
final class SinkConnection implements EngineHandler {
    private final ConnectionContext context;
    private final SinkMessage message;
    private final Function<String, SinkAddress> addresses;

    SinkConnection(ConnectionContext context, SinkMessage message, Function<String, SinkAddress> addresses) {
        this.context = context;
        this.message = message;
        this.addresses = addresses;
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        connection.open();
    }

    @Override
    public void onRemoteClose(Connection connection) {
        if (connection.localState() != EndpointState.CLOSED) {
            connection.close();
        }
    }

    @Override
    public void onFailure(Engine engine, ErrorCondition error) {
        System.err.println("sink: connection failed: " + error);
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
        if (link.localState() != EndpointState.UNINITIALIZED) {
            return;
        }
        link.source(link.remoteSource()).target(link.remoteTarget());
        link.sndSettleMode(link.remoteSndSettleMode()).rcvSettleMode(link.remoteRcvSettleMode());
        link.attach();
        if (link instanceof Receiver receiver) {
            receiver.context(addresses.apply(link.remoteTarget() instanceof Target t ? t.address() : ""));
            receiver.flow(SinkServer.CREDIT_WINDOW);
        } else {
            Source source = link.remoteSource();
            SinkOutgoing out = new SinkOutgoing(
                    (Sender) link, context, message, addresses.apply(source == null ? "" : source.address()));
            link.context(out);
            out.start();
        }
    }

    @Override
    public void onRemoteDetach(Link link) {
        if (link.context() instanceof SinkOutgoing out) {
            out.stop();
        }
        if (link.remoteDetach() != null && !link.remoteDetach().closed()) {
            link.detach();
        } else {
            link.close();
        }
    }

    @Override
    public void onFlow(Link link) {
        if (link.context() instanceof SinkOutgoing out) {
            out.pump();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isAborted()) {
            return;
        }
        delivery.takePayload().release();
        if (delivery.isPartial()) {
            return;
        }
        if (!delivery.isRemotelySettled()) {
            delivery.disposition(Accepted.INSTANCE, true);
        }
        Receiver receiver = (Receiver) delivery.link();
        ((SinkAddress) receiver.context()).arrived();
        if (receiver.credit() < SinkServer.CREDIT_WINDOW / 2) {
            receiver.flow(SinkServer.CREDIT_WINDOW);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        if (delivery.isRemotelySettled() && !delivery.isSettled()) {
            delivery.settle();
        }
    }
}
