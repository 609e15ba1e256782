package io.ferrymq.bench.engine;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol engine with no socket: a client engine and a server engine in one thread, the
 * output of each handed to the other's {@link Engine#ingest}. The client has a sender link, the
 * server the receiver at its other end; the server keeps the credit topped up.
 *
 * <p>{@link #transferAndDisposition}: the client sends one unsettled delivery with a 100-byte
 * payload, the server parses the transfer and settles the delivery as accepted, the client parses
 * the disposition and settles its end. Two frames written and two parsed per operation, plus the
 * session flows the server's engine sends as its incoming window is used (one each 33 transfers
 * with the default options) and a link flow when less than half of {@value #CREDIT} credit is left.
 *
 * <p>{@link #batchThenRangedDisposition}: {@value #BATCH} transfers, then the server settles all
 * of them and the engine sends one disposition for the range. One operation is one delivery.
 *
 * <p>Payloads are taken from the engine's allocator (Netty's pooled one, the engine's default) and
 * filled, as a client does when it encodes a message. Both engines use the default options.
 * JMH's default mode and unit apply: operations per second.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBenchmarks {
    static final int PAYLOAD_SIZE = 100;
    static final int BATCH = 100;
    static final long CREDIT = 10_000;
    private static final byte[] PAYLOAD = payload();

    /** The allocator of both engines; the smoke test swaps in one that counts what is in use. */
    ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    /** When set, every frame moved between the engines is counted (off while measuring). */
    boolean countFrames;

    Engine client;
    Engine server;
    Session clientSession;
    Sender sender;
    Receiver receiver;

    /** Deliveries the server received and has not settled yet. */
    final Delivery[] held = new Delivery[BATCH];

    int heldCount;

    long received;
    long settled;
    long framesToServer;
    long framesToClient;
    long bytesMoved;

    private static byte[] payload() {
        byte[] b = new byte[PAYLOAD_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /**
     * The server's application: it answers the client's open, begin and attach (the client
     * starts each), grants credit and holds each delivery until the benchmark settles it.
     */
    private final class ServerSide implements EngineHandler {
        @Override
        public void onRemoteOpen(Connection connection) {
            connection.open();
        }

        @Override
        public void onRemoteBegin(Session session) {
            session.begin();
        }

        @Override
        public void onRemoteAttach(Link link) {
            link.source(link.remoteSource()).target(link.remoteTarget()).attach();
            receiver = (Receiver) link;
            receiver.flow(CREDIT);
        }

        @Override
        public void onDelivery(Delivery delivery) {
            received++;
            held[heldCount++] = delivery;
            if (receiver.credit() < CREDIT / 2) {
                receiver.flow(CREDIT);
            }
        }
    }

    /** The client's application: once the server has settled a delivery, the client settles its end. */
    private final class ClientSide implements EngineHandler {
        @Override
        public void onDeliveryUpdated(Delivery delivery) {
            if (!delivery.isRemotelySettled()) {
                return;
            }
            delivery.settle();
            settled++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        client = Engine.client(new EngineOptions().containerId("bench-client").allocator(allocator), new ClientSide());
        server = Engine.server(new EngineOptions().containerId("bench-server").allocator(allocator), new ServerSide());
        client.connection().open();
        clientSession = client.connection().session();
        clientSession.begin();
        sender = clientSession.sender("bench");
        sender.source(new Source()).target(new Target().address("bench-queue"));
        sender.attach();
        pump();
        if (sender.remoteState() != EndpointState.ACTIVE || sender.credit() != CREDIT) {
            throw new IllegalStateException("the link did not come up: " + sender + ", credit " + sender.credit());
        }
        resetCounts();
    }

    void resetCounts() {
        received = 0;
        settled = 0;
        framesToServer = 0;
        framesToClient = 0;
        bytesMoved = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.connection().close();
        pump();
        client.transportClosed();
        server.transportClosed();
    }

    /** One delivery sent, received, accepted and settled: two frames each way in all. */
    @Benchmark
    public long transferAndDisposition() {
        sender.send(null, newPayload(), false);
        pump();
        settleHeld();
        pump();
        return settled;
    }

    /** {@value #BATCH} deliveries sent and received, then settled by one ranged disposition. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batchThenRangedDisposition() {
        for (int i = 0; i < BATCH; i++) {
            sender.send(null, newPayload(), false);
        }
        pump();
        settleHeld();
        pump();
        return settled;
    }

    private ByteBuf newPayload() {
        return allocator.heapBuffer(PAYLOAD_SIZE).writeBytes(PAYLOAD);
    }

    private void settleHeld() {
        for (int i = 0; i < heldCount; i++) {
            held[i].disposition(Accepted.INSTANCE, true);
            held[i] = null;
        }
        heldCount = 0;
    }

    /** Moves output between the engines until neither has any. */
    void pump() {
        boolean moved = true;
        while (moved) {
            boolean toServer = move(client, server, true);
            boolean toClient = move(server, client, false);
            moved = toServer || toClient;
        }
    }

    private boolean move(Engine from, Engine to, boolean toServer) {
        boolean any = false;
        ByteBuf b;
        while ((b = from.pollOutput()) != null) {
            any = true;
            if (countFrames) {
                count(b, toServer);
            }
            to.ingest(b);
            b.release();
        }
        return any;
    }

    /** Counts the frames in a buffer of output; the engine writes whole frames to each buffer. */
    private void count(ByteBuf b, boolean toServer) {
        int at = b.readerIndex();
        int end = b.writerIndex();
        long frames = 0;
        while (at < end) {
            if (end - at < 8 || b.getByte(at) == 'A') {
                throw new IllegalStateException("not a whole frame at " + at + " of " + b);
            }
            int size = b.getInt(at);
            if (size < 8 || size > end - at) {
                throw new IllegalStateException("a frame of " + size + " bytes at " + at + " of " + b);
            }
            at += size;
            frames++;
        }
        bytesMoved += end - b.readerIndex();
        if (toServer) {
            framesToServer += frames;
        } else {
            framesToClient += frames;
        }
    }
}
