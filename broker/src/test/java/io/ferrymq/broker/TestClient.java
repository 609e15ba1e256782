package io.ferrymq.broker;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.engine.Connection;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Engine;
import io.ferrymq.engine.EngineHandler;
import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.engine.Session;
import io.ferrymq.transport.AmqpConnector;
import io.ferrymq.transport.ConnectOptions;
import io.ferrymq.transport.ConnectionContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small AMQP client on Ferry's own engine and transport, for broker tests that need exact
 * control (the interoperability tests use Qpid's clients).
 */
final class TestClient implements EngineHandler, AutoCloseable {
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    final List<Delivery> updated = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    ConnectionContext ctx;
    Session session;

    static TestClient connect(int port, EventLoopGroup group, String containerId) throws Exception {
        TestClient c = new TestClient();
        c.ctx = AmqpConnector.connect(new ConnectOptions().port(port), group, ctx -> {
                    Engine e = Engine.client(new EngineOptions().containerId(containerId), c);
                    e.connection().open();
                    c.session = e.connection().session();
                    c.session.begin();
                    return e;
                })
                .get(10, TimeUnit.SECONDS);
        c.opened.get(10, TimeUnit.SECONDS);
        return c;
    }

    private static EventLoopGroup shared;

    /** One event loop for the client side of every broker test in this JVM, shut down when the JVM exits. */
    static synchronized EventLoopGroup sharedGroup() {
        if (shared == null) {
            shared = io.ferrymq.transport.Transports.group(1, "test-client");
            EventLoopGroup g = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS)));
        }
        return shared;
    }

    /** Waits up to 10 s for {@code condition}, failing the test past that. */
    static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the condition did not hold within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }

    <T> T call(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.execute(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    Sender sender(String address) throws Exception {
        return call(() -> {
            Sender s = session.sender("sender-" + address + "-" + System.nanoTime());
            s.source(new Source()).target(new Target().address(address));
            s.attach();
            return s;
        });
    }

    Receiver receiver(String address, int credit) throws Exception {
        return call(() -> {
            Receiver r = session.receiver("receiver-" + address + "-" + System.nanoTime());
            r.source(new Source().address(address)).target(new Target());
            r.attach();
            r.flow(credit);
            return r;
        });
    }

    /** A browsing receiver (distribution-mode copy): it sees the queue's messages without taking them. */
    Receiver browser(String address, int credit) throws Exception {
        return call(() -> {
            Receiver r = session.receiver("browser-" + address + "-" + System.nanoTime());
            r.source(new Source().address(address).distributionMode(Source.COPY))
                    .target(new Target());
            r.attach();
            r.flow(credit);
            return r;
        });
    }

    static ByteBuf message(String text, boolean durable, int priority) {
        ByteBuf b = Unpooled.buffer();
        new Header().durable(durable).priority(priority).encode(b);
        new Properties().messageId(text).encode(b);
        new AmqpValue(text).encode(b);
        return b;
    }

    /** Sends once the sender has credit; returns the delivery. */
    Delivery send(Sender s, String text, boolean durable, int priority) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Delivery d = call(() -> s.credit() > 0 ? s.send(null, message(text, durable, priority), false) : null);
            if (d != null) {
                return d;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("no credit to send '" + text + "'");
    }

    /**
     * Sends every text at once, in one turn of the client's thread, on the credit it has then: as a client does that
     * writes a batch before the broker's next flow reaches it. Fails if the credit does not cover them all.
     */
    List<Delivery> sendAtOnce(Sender s, List<String> texts, boolean durable, int priority) throws Exception {
        List<Delivery> sent = call(() -> {
            List<Delivery> ds = new java.util.ArrayList<>();
            for (String text : texts) {
                if (s.credit() <= 0) {
                    break;
                }
                ds.add(s.send(null, message(text, durable, priority), false));
            }
            return ds;
        });
        if (sent.size() < texts.size()) {
            throw new AssertionError("credit for " + sent.size() + " of " + texts.size() + " messages");
        }
        return sent;
    }

    /** A message whose only section is an amqp-value of {@code body} (a coordinator's declare or discharge). */
    static ByteBuf amqpValue(Object body) {
        ByteBuf b = Unpooled.buffer();
        new AmqpValue(body).encode(b);
        return b;
    }

    /** A controller link to the broker's transaction coordinator, its source listing {@code outcomes}, with credit. */
    Sender coordinator(io.ferrymq.codec.Symbol... outcomes) throws Exception {
        Sender s = call(() -> {
            Sender coord = session.sender("coordinator-" + System.nanoTime());
            coord.source(new Source().outcomes(outcomes)).target(new io.ferrymq.codec.transactions.Coordinator());
            coord.attach();
            return coord;
        });
        await(() -> call(s::credit) > 0);
        return s;
    }

    /** The text of a received message's amqp-value body. */
    static String text(Delivery d) {
        ByteBuf b = d.payload().duplicate();
        io.ferrymq.codec.Decoder decoder = io.ferrymq.codec.spec.SpecTypes.newDecoder();
        Object section;
        do {
            section = decoder.readObject(b);
        } while (!(section instanceof AmqpValue) && b.isReadable());
        return (String) ((AmqpValue) section).value();
    }

    Delivery next() throws InterruptedException {
        Delivery d = received.poll(10, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("no message arrived");
        }
        return d;
    }

    void accept(Delivery d) throws Exception {
        call(() -> {
            d.disposition(Accepted.INSTANCE, true);
            return null;
        });
    }

    @Override
    public void onRemoteOpen(Connection connection) {
        opened.complete(connection);
    }

    @Override
    public void onRemoteClose(Connection connection) {
        closed.complete(null);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (!delivery.isPartial()) {
            received.add(delivery);
        }
    }

    @Override
    public void onDeliveryUpdated(Delivery delivery) {
        updated.add(delivery);
    }

    @Override
    public void onFlow(Link link) {}

    static Binary tag(int i) {
        return new Binary(new byte[] {(byte) i});
    }

    @Override
    public void close() throws Exception {
        call(() -> {
            ctx.engine().connection().close();
            return null;
        });
        closed.get(10, TimeUnit.SECONDS);
    }
}
