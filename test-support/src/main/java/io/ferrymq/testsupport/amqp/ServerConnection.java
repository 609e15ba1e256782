package io.ferrymq.testsupport.amqp;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one connection, on the connection's event loop: answers opens, begins and attaches. A link on
 * which the client sends feeds its target address's queue, one on which it receives drains its source address's
 * queue, unless the {@link ServerOptions} say otherwise for the address.
 */
final class ServerConnection implements EngineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

    private final AmqpTestServer server;
    private final ServerOptions options;
    private final ConnectionContext context;
    private final ConnectionRecord record;
    private final List<OutgoingLink> outgoing = new ArrayList<>();

    ServerConnection(AmqpTestServer server, ServerOptions options, ConnectionContext context, ConnectionRecord record) {
        this.server = server;
        this.options = options;
        this.context = context;
        this.record = record;
    }

    @Override
    public void onSaslDone(Engine engine) {
        record.principal(engine.principal());
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        record.containerId(connection.remoteContainerId());
        LOG.info(
                "{} connection from {} (container-id {}, SASL {} as {})",
                record.kind(),
                context.remoteAddress(),
                connection.remoteContainerId(),
                record.mechanism(),
                record.principal());
        connection.open();
    }

    @Override
    public void onRemoteClose(Connection connection) {
        record.remoteClosed(connection.remoteError());
        stopLinks();
        if (connection.localState() != EndpointState.CLOSED) {
            connection.close();
            record.closeSent();
        }
        LOG.info(
                "{} connection {} closed by the client{}",
                record.kind(),
                record.containerId(),
                connection.remoteError() == null ? "" : " with " + connection.remoteError());
    }

    @Override
    public void onFailure(Engine engine, ErrorCondition error) {
        LOG.warn("{} connection {} failed: {}", record.kind(), record.containerId(), error);
        record.failure(error);
        stopLinks();
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
        String address = address(link);
        if (address == null) {
            refuse(
                    link,
                    new ErrorCondition(
                            AmqpError.NOT_IMPLEMENTED,
                            "this test server needs an address on"
                                    + " every link; dynamic nodes and anonymous relay are not offered"));
            return;
        }
        ErrorCondition refusal = options.refusal(address);
        if (refusal != null) {
            refuse(link, refusal);
            return;
        }
        AddressQueue queue = server.queue(address);
        if (link instanceof Receiver receiver) {
            receiver.maxMessageSize(UnsignedLong.valueOf(AmqpTestServer.MAX_MESSAGE_SIZE));
            receiver.attach();
            int window = options.withholdsCredit(address) ? 0 : AmqpTestServer.CREDIT_WINDOW;
            IncomingLink in = new IncomingLink(receiver, queue, record, window, options.closingError(address));
            receiver.context(in);
            in.start();
        } else {
            Sender sender = (Sender) link;
            sender.attach();
            OutgoingLink out = new OutgoingLink(sender, queue, record, context);
            sender.context(out);
            outgoing.add(out);
            out.start();
        }
    }

    /** The address a link sends to or receives from; null for a dynamic node or the anonymous relay. */
    private static String address(Link link) {
        if (link instanceof Receiver) {
            return link.remoteTarget() instanceof Target t && !t.dynamic() ? t.address() : null;
        }
        Source s = link.remoteSource();
        return s != null && !s.dynamic() ? s.address() : null;
    }

    /** link.xml#doc-establishing-a-link: a refusal attaches with no terminus, then closes with the reason. */
    private static void refuse(Link link, ErrorCondition error) {
        if (link instanceof Receiver) {
            link.target(null);
        } else {
            link.source(null);
        }
        link.attach();
        link.close(error);
    }

    @Override
    public void onRemoteDetach(Link link) {
        if (link.context() instanceof OutgoingLink out) {
            out.stop();
            outgoing.remove(out);
        }
        if (link.remoteDetach() != null && !link.remoteDetach().closed()) {
            link.detach();
        } else {
            link.close();
        }
    }

    @Override
    public void onFlow(Link link) {
        if (link.context() instanceof OutgoingLink out) {
            out.pump();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.link().context() instanceof IncomingLink in) {
            in.onDelivery(delivery);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        if (delivery.link().context() instanceof OutgoingLink out) {
            out.onDeliveryUpdated(delivery);
        }
    }

    private void stopLinks() {
        for (OutgoingLink out : outgoing) {
            out.stop();
        }
        outgoing.clear();
    }
}
