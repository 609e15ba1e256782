package io.ferrymq.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.DeliveryMode;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * A client process's share of a workload, with the Qpid protonj2 client: one connection per producer and per consumer
 * (as separate applications would have), all attached before the run starts.
 *
 * <p>A timed run: producers and consumers start together; after the warm-up the window opens, after the measurement
 * it closes and the producers stop and collect their outcomes; the consumers then drain what is left until told to
 * stop. A backlog run: the producers send the whole backlog with no consumer attached, then one consumer attaches and
 * takes it all.
 */
final class LoadRun implements AutoCloseable {
    private static final long OPEN_TIMEOUT_SECONDS = 30;

    private final LoadSpec spec;
    private final Client client;
    private final List<Connection> connections = new ArrayList<>();
    private final List<ProducerLoop> producers = new ArrayList<>();
    private final List<ConsumerLoop> consumers = new ArrayList<>();
    private final Window window = new Window();

    private LoadRun(LoadSpec spec) {
        this.spec = spec;
        this.client = Client.create(new ClientOptions().id("compare-client-" + spec.processIndex()));
    }

    /** Connects and attaches this process's producers and consumers (a backlog's consumer attaches later). */
    static LoadRun open(LoadSpec spec) throws ClientException {
        LoadRun run = new LoadRun(spec);
        try {
            run.attachAll();
        } catch (ClientException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private void attachAll() throws ClientException {
        Workload w = spec.workload();
        Topology t = w.topology();
        boolean backlog = w.kind() == Workload.Kind.BACKLOG;
        ProducerLoop.Pace pace = switch (w.kind()) {
            case SYNC -> ProducerLoop.Pace.SYNC;
            case FIXED_RATE -> ProducerLoop.Pace.FIXED_RATE;
            default -> ProducerLoop.Pace.MAX;
        };
        double ratePerProducer = spec.ratePerSecond() / Math.max(1, t.totalProducers());
        int consumerIndex = 0;
        int producerIndex = 0;
        for (int q = 0; q < t.queues(); q++) {
            for (int c = 0; c < t.consumers(); c++, consumerIndex++) {
                if (spec.runsConsumer(consumerIndex) && !backlog) {
                    consumers.add(consumer(t.address(q)));
                }
            }
            for (int p = 0; p < t.producers(); p++, producerIndex++) {
                if (spec.runsProducer(producerIndex)) {
                    long limit = backlog ? share(w.messages(), t.totalProducers(), producerIndex) : Long.MAX_VALUE;
                    producers.add(new ProducerLoop(
                            sender(t.address(q)),
                            w.bodyBytes(),
                            w.durable(),
                            w.presettled(),
                            pace,
                            ratePerProducer,
                            limit,
                            window));
                }
            }
        }
    }

    /** Producer {@code i}'s part of {@code total} messages split over {@code n} producers. */
    private static long share(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }

    private Connection connect() throws ClientException {
        Connection c = client.connect("127.0.0.1", spec.port(), new ConnectionOptions());
        connections.add(c);
        return c;
    }

    private Sender sender(String address) throws ClientException {
        SenderOptions options = new SenderOptions()
                .deliveryMode(spec.workload().presettled() ? DeliveryMode.AT_MOST_ONCE : DeliveryMode.AT_LEAST_ONCE)
                .sendTimeout(60, TimeUnit.SECONDS);
        if (spec.workload().topology().topic()) {
            options.targetOptions().capabilities("topic");
        }
        Sender s = connect().openSender(address, options);
        await(s.openFuture());
        return s;
    }

    private ConsumerLoop consumer(String address) throws ClientException {
        ReceiverOptions options = new ReceiverOptions()
                .creditWindow(spec.credit())
                .deliveryMode(spec.workload().presettled() ? DeliveryMode.AT_MOST_ONCE : DeliveryMode.AT_LEAST_ONCE);
        if (spec.workload().topology().topic()) {
            options.sourceOptions().capabilities("topic");
        }
        Receiver r = connect().openReceiver(address, options);
        await(r.openFuture());
        Histogram latency = null;
        if (spec.workload().kind() == Workload.Kind.FIXED_RATE) {
            latency = new Histogram(3);
            latency.setAutoResize(true);
        }
        return new ConsumerLoop(r, window, latency);
    }

    private static void await(Future<?> opened) throws ClientException {
        try {
            opened.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ClientException("link did not attach: " + e, e);
        }
    }

    /** Runs the share to the end and returns what it counted. */
    LoadResult run(LoadEvents events) throws InterruptedException, ClientException {
        return spec.workload().kind() == Workload.Kind.BACKLOG ? backlog(events) : timed(events);
    }

    private LoadResult timed(LoadEvents events) throws InterruptedException {
        List<Thread> consumerThreads = startAll(consumers, "consumer");
        List<Thread> producerThreads = startAll(producers, "producer");
        Thread.sleep(spec.warmupMillis());
        window.open(System.nanoTime());
        events.mark("window-start");
        Thread.sleep(spec.measureMillis());
        window.close(System.nanoTime());
        events.mark("window-end");
        producers.forEach(ProducerLoop::stop);
        joinAll(producerThreads);
        long delivered = producers.stream().mapToLong(p -> p.delivered).sum();
        events.producersDone(delivered * spec.workload().topology().copiesPerMessage());
        while (!events.drained(received())) {
            Thread.sleep(20);
        }
        consumers.forEach(ConsumerLoop::stop);
        joinAll(consumerThreads);
        return result(window.nanos(), 0, 0);
    }

    private LoadResult backlog(LoadEvents events) throws InterruptedException, ClientException {
        events.mark("produce-start");
        long started = System.nanoTime();
        joinAll(startAll(producers, "producer"));
        long produced = System.nanoTime() - started;
        events.mark("produce-end");
        long delivered = producers.stream().mapToLong(p -> p.delivered).sum();
        events.producersDone(delivered);
        events.mark("consume-start");
        started = System.nanoTime();
        Topology t = spec.workload().topology();
        if (spec.runsConsumer(0)) {
            consumers.add(consumer(t.address(0)));
        }
        List<Thread> threads = startAll(consumers, "consumer");
        while (received() < delivered && !events.drained(received())) {
            Thread.sleep(5);
        }
        long consumed = System.nanoTime() - started;
        events.mark("consume-end");
        consumers.forEach(ConsumerLoop::stop);
        joinAll(threads);
        return result(0, produced, consumed);
    }

    /** Deliveries received so far by this process's consumers. */
    long received() {
        long n = 0;
        for (ConsumerLoop c : consumers) {
            n += c.received();
        }
        return n;
    }

    private LoadResult result(long windowNanos, long produceNanos, long consumeNanos) {
        LoadResult r = LoadResult.EMPTY;
        for (ProducerLoop p : producers) {
            r = r.merge(
                    new LoadResult(p.sent, p.windowSent, p.delivered, p.failures, 0, 0, 0, 0, 0, null, p.firstError));
        }
        for (ConsumerLoop c : consumers) {
            r = r.merge(new LoadResult(
                    0, 0, 0, c.failures, c.received(), c.windowReceived, 0, 0, 0, c.latency(), c.firstError));
        }
        return r.merge(new LoadResult(0, 0, 0, 0, 0, 0, windowNanos, produceNanos, consumeNanos, null, ""));
    }

    private static List<Thread> startAll(List<? extends Runnable> tasks, String name) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Thread th = new Thread(tasks.get(i), name + "-" + i);
            th.start();
            threads.add(th);
        }
        return threads;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    @Override
    public void close() {
        List<Future<Connection>> closing = new ArrayList<>();
        for (Connection c : connections) {
            closing.add(c.closeAsync());
        }
        for (Future<Connection> f : closing) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
        }
        client.close();
    }
}
