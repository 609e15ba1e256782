package io.ferrymq.broker;

import io.ferrymq.broker.config.ListenerConfig;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.transactions.Coordinator;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.ErrorCondition;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.engine.Session;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.ferrymq.transport.ConnectionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the broker: the engine's handler, on the connection's event loop. It
 * turns attaches into producers, consumers and transaction coordinators, and on the way out
 * gives back everything the connection held.
 */
final class BrokerConnection implements EngineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    final Broker broker;
    final ConnectionContext ctx;
    final Engine engine;
    final Decoder decoder = new Decoder();
    private final List<Object> links = new ArrayList<>();
    private final Map<String, CoordinatorLink.Transaction> transactions = new LinkedHashMap<>();
    private boolean admitted;
    private boolean ended;

    BrokerConnection(Broker broker, ConnectionContext ctx, ListenerConfig listener) {
        this.broker = broker;
        this.ctx = ctx;
        var limits = broker.config().limits();
        EngineOptions options = new EngineOptions().containerId(broker.config().name())
                .channelMax(Math.min(65535, limits.maxSessionsPerConnection() - 1))
                .handleMax(limits.maxLinksPerSession() - 1)
                .idleTimeoutMillis(limits.idleTimeoutMillis())
                .offeredCapabilities(Capabilities.ANONYMOUS_RELAY, Capabilities.SHARED_SUBS)
                .properties(Map.of(Capabilities.PRODUCT, "Ferry", Capabilities.VERSION, BrokerVersion.VERSION))
                .authenticator(new StandardAuthenticator(broker.users(), listener.allowAnonymous()))
                .saslRequired(!listener.allowAnonymous());
        this.engine = Engine.server(options, this);
        // Consumers stop claiming messages while the socket's outbound buffer is past its high watermark (the peer
        // is not reading); once it drains, their queues are told to dispatch again.
        ctx.onWritable(() -> {
            for (Object l : links) {
                if (l instanceof ConsumerLink c) {
                    c.writable();
                }
            }
        });
    }

    Engine engine() {
        return engine;
    }

    /** Who is connected: the SASL identity, or "anonymous". */
    String user() {
        String p = engine.principal();
        return p == null ? "anonymous" : p;
    }

    String containerId() {
        return engine.connection().remoteContainerId();
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        admitted = broker.connectionOpened(this);
        connection.open();
        if (!admitted) {
            connection.close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    "the broker is at its limit of " + broker.config().limits().maxConnections() + " connections"));
            return;
        }
        LOG.info("connection from {} ({}, container {}, user {})", ctx.remoteAddress(), ctx.kind(),
                connection.remoteContainerId(), user());
    }

    @Override
    public void onRemoteClose(Connection connection) {
        end();
        if (connection.localState() != EndpointState.CLOSED) {
            connection.close();
        }
    }

    @Override
    public void onFailure(Engine e, ErrorCondition error) {
        LOG.info("connection from {} failed: {} {}", ctx.remoteAddress(), error.condition(), error.description());
        end();
    }

    @Override
    public void onSessionFlow(Session session) {
        for (Object l : links) {
            if (l instanceof ConsumerLink c && c.link.session() == session) {
                c.sessionFlowed();
            }
        }
    }

    @Override
    public void onRemoteBegin(Session session) {
        session.begin();
    }

    @Override
    public void onRemoteEnd(Session session) {
        for (Object l : new ArrayList<>(links)) {
            if (linkOf(l).session() == session) {
                closed(l, false);
            }
        }
        session.end();
    }

    @Override
    public void onRemoteAttach(Link link) {
        if (link.localState() != EndpointState.UNINITIALIZED) {
            return;
        }
        try {
            Object handler;
            if (link instanceof Receiver receiver) {
                handler = link.remoteTarget() instanceof Coordinator
                        ? new CoordinatorLink(this, receiver) : ProducerLink.attach(this, receiver);
            } else {
                handler = ConsumerLink.attach(this, (Sender) link);
            }
            if (handler != null) {
                links.add(handler);
                link.context(handler);
            }
        } catch (LinkRefusedException e) {
            refuse(link, e.error());
        }
    }

    /** Refuses a link: an attach with no terminus, then a detach with the error ({@code transport.xml#doc-establishing-a-link}). */
    void refuse(Link link, ErrorCondition error) {
        LOG.debug("refusing link '{}' from {}: {}", link.name(), ctx.remoteAddress(), error.description());
        if (link.localState() == EndpointState.UNINITIALIZED) {
            if (link instanceof Receiver) {
                link.source(link.remoteSource()).target(null);
            } else {
                link.source(null).target(link.remoteTarget());
            }
            link.attach();
        }
        link.close(error);
    }

    @Override
    public void onRemoteDetach(Link link) {
        Object handler = link.context();
        if (handler != null) {
            closed(handler, link.remoteDetach() != null && link.remoteDetach().closed());
        }
        if (link.remoteDetach() != null && link.remoteDetach().closed()) {
            link.close();
        } else {
            link.detach();
        }
    }

    @Override
    public void onFlow(Link link) {
        if (link.context() instanceof ConsumerLink c) {
            c.onFlow();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Object handler = delivery.link().context();
        if (handler instanceof ProducerLink p) {
            p.onDelivery(delivery);
        } else if (handler instanceof CoordinatorLink c) {
            c.onDelivery(delivery);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        if (delivery.link().context() instanceof ConsumerLink c) {
            c.onOutcome(delivery);
        }
    }

    private static Link linkOf(Object handler) {
        return switch (handler) {
            case ProducerLink p -> p.link;
            case ConsumerLink c -> c.link;
            case CoordinatorLink c -> c.link;
            default -> throw new IllegalStateException("unknown link handler " + handler);
        };
    }

    /** A link's handler is done (the peer detached it, or everything is ending). */
    private void closed(Object handler, boolean linkClosed) {
        links.remove(handler);
        switch (handler) {
            case ProducerLink p -> p.closed(linkClosed);
            case ConsumerLink c -> c.closed(linkClosed);
            case CoordinatorLink c -> c.closed();
            default -> { }
        }
    }

    /** The connection is over: return unsettled messages, drop temporary queues, roll back transactions. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (Object l : new ArrayList<>(links)) {
            closed(l, false);
        }
        broker.connectionClosed(this);
        if (admitted) {
            LOG.info("connection from {} closed", ctx.remoteAddress());
        }
    }

    Map<String, CoordinatorLink.Transaction> transactions() {
        return transactions;
    }

    static ErrorCondition error(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }
}
