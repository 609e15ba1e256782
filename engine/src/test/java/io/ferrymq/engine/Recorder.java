package io.ferrymq.engine;

import io.ferrymq.codec.ErrorCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A handler that records events and, if told, reacts to them like a simple peer application. */
class Recorder implements EngineHandler {
    final List<String> events = new ArrayList<>();
    final List<Delivery> deliveries = new ArrayList<>();
    final List<Delivery> updates = new ArrayList<>();
    final List<Link> attached = new ArrayList<>();
    ErrorCondition failure;

    /** Answer the peer's open, begin and attach like a server would. */
    boolean autoAnswer;

    Consumer<Link> onAttach = link -> {};
    Consumer<Delivery> onDelivery = d -> {};

    Recorder answering() {
        autoAnswer = true;
        return this;
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        events.add("open");
        if (autoAnswer && connection.localState() == EndpointState.UNINITIALIZED) {
            connection.open();
        }
    }

    @Override
    public void onRemoteClose(Connection connection) {
        events.add("close");
        if (autoAnswer) {
            connection.close();
        }
    }

    @Override
    public void onRemoteBegin(Session session) {
        events.add("begin");
        if (autoAnswer && session.localState() == EndpointState.UNINITIALIZED) {
            session.begin();
        }
    }

    @Override
    public void onRemoteEnd(Session session) {
        events.add("end");
        if (autoAnswer) {
            session.end();
        }
    }

    @Override
    public void onRemoteAttach(Link link) {
        events.add("attach:" + link.name());
        attached.add(link);
        if (autoAnswer && link.localState() == EndpointState.UNINITIALIZED) {
            link.source(link.remoteSource()).target(link.remoteTarget());
            link.sndSettleMode(link.remoteSndSettleMode()).rcvSettleMode(link.remoteRcvSettleMode());
            link.attach();
        }
        onAttach.accept(link);
    }

    @Override
    public void onRemoteDetach(Link link) {
        events.add("detach:" + link.name());
        if (autoAnswer) {
            link.close();
        }
    }

    @Override
    public void onFlow(Link link) {
        events.add("flow:" + link.name());
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (!delivery.isPartial()) {
            deliveries.add(delivery);
        }
        onDelivery.accept(delivery);
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        updates.add(delivery);
    }

    @Override
    public void onFailure(Engine engine, ErrorCondition error) {
        events.add("failure:" + error.condition());
        failure = error;
    }
}
