package io.ferrymq.transport;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Sender;
import io.ferrymq.engine.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A client application for transport tests: connects, opens a sender, sends text messages, waits for outcomes. */
final class ClientApp implements EngineHandler {
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    final CompletableFuture<Sender> credited = new CompletableFuture<>();
    final CompletableFuture<ErrorCondition> failed = new CompletableFuture<>();
    volatile int settled;
    ConnectionContext context;
    Sender sender;

    static ClientApp connect(ConnectOptions options, EngineOptions engineOptions, EventLoopGroup group)
            throws Exception {
        ClientApp app = new ClientApp();
        app.context = AmqpConnector.connect(options, group, ctx -> {
                    Engine e = Engine.client(engineOptions, app);
                    e.connection().open();
                    Session s = e.connection().session();
                    s.begin();
                    app.sender = s.sender("sender");
                    app.sender.source(new Source()).target(new Target().address("queue"));
                    app.sender.attach();
                    return e;
                })
                .get(10, TimeUnit.SECONDS);
        return app;
    }

    void send(String text) throws Exception {
        credited.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.execute(() -> {
            sender.send(null, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), false);
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        opened.complete(connection);
    }

    @Override
    public void onFlow(Link link) {
        if (link.credit() > 0) {
            credited.complete((Sender) link);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        if (delivery.isRemotelySettled()) {
            settled++;
            delivery.settle();
        }
    }

    @Override
    public void onFailure(Engine engine, ErrorCondition error) {
        failed.complete(error);
    }
}
