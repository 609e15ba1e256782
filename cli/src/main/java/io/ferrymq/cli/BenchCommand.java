package io.ferrymq.cli;

import io.ferrymq.client.Client;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ClientOptions;
import io.ferrymq.client.Connection;
import io.ferrymq.client.Delivery;
import io.ferrymq.client.DeliveryMode;
import io.ferrymq.client.Message;
import io.ferrymq.client.Receiver;
import io.ferrymq.client.ReceiverOptions;
import io.ferrymq.client.Sender;
import io.ferrymq.client.SenderOptions;
import io.ferrymq.client.Tracker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry bench}: a throughput and latency test in the spirit of quiver, through any AMQP 1.0
 * server: senders and receivers on connections of their own, on one address, at once.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures throughput and latency through any AMQP 1.0 server: senders and receivers, each "
                + "on its own connection, send and receive on one address at the same time. Each message "
                + "carries its send time; receivers record the latency in an HdrHistogram. Prints messages "
                + "and MiB a second and latency percentiles; --rate gives a fixed-rate latency test.",
        footer = {
            "%nExamples:",
            "  ferry bench amqp://localhost:5672/bench --count 1000000",
            "  ferry bench amqp://localhost/bench --senders 2 --receivers 2 --duration 30 --size 1024 --durable",
            "  ferry bench amqp://localhost/bench --rate 10000 --duration 20 --json",
            "%nExit codes: 0 done; 1 failure while running (no server, lost messages); 2 bad usage."
        })
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "Server and address: amqp[s]://host[:port]/ADDRESS.")
    String url;

    @Mixin
    Endpoint endpoint;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "1", description = "Sending connections (default 1).")
    int senders;

    @Option(
            names = "--receivers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Receiving connections (default 1).")
    int receivers;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Messages to send in all (default 100000 unless --duration is given).")
    Long count;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Send for this long instead of a --count.")
    Double duration;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Leave out of the results what arrives in the first SECONDS (the JIT compilers of client and "
                    + "server are busy then); default 0.")
    double warmup;

    @Option(
            names = "--size",
            paramLabel = "BYTES",
            defaultValue = "100",
            description = "Body size (default 100, at least 8).")
    int size;

    @Option(names = "--durable", description = "Durable messages.")
    boolean durable;

    @Option(
            names = "--settle",
            paramLabel = "MODE",
            defaultValue = "at-least-once",
            converter = Settle.class,
            description = "at-least-once (default) or at-most-once.")
    DeliveryMode settle;

    @Option(
            names = "--rate",
            paramLabel = "MSG/S",
            defaultValue = "0",
            description = "Send at this rate in all (messages a second), for latency; 0 (default) as fast as possible.")
    double rate;

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Receivers' credit and senders' unacknowledged messages at most (default 1000).")
    int window;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (ParameterException e) {
            return Usage.error(e);
        }
    }

    private int run() throws Exception {
        String server = endpoint.server(url);
        String address = endpoint.address(url);
        var cl = endpoint.spec.commandLine();
        if (senders < 1 || receivers < 1 || window < 1) {
            throw new ParameterException(cl, "--senders, --receivers and --window must be at least 1");
        }
        if (size < 8) {
            throw new ParameterException(cl, "--size must be at least 8: each body carries its send time");
        }
        if (count != null && duration != null) {
            throw new ParameterException(cl, "give --count or --duration, not both");
        }
        if ((count != null && count < 1) || (duration != null && duration <= 0) || rate < 0 || warmup < 0) {
            throw new ParameterException(
                    cl, "--count and --duration must be positive, --rate and --warmup not negative");
        }
        if (duration != null && warmup >= duration) {
            throw new ParameterException(cl, "--warmup must be shorter than --duration");
        }
        long total = count != null ? count : duration == null ? 100_000 : Long.MAX_VALUE;
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + (long) (duration * 1e9);

        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        CountDownLatch sendersDone = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        Progress progress = new Progress(System.err, "received");
        try (Client client = Client.create(new ClientOptions().ioThreads(Math.min(4, senders + receivers)))) {
            List<Connection> connections = new ArrayList<>();
            List<Receiver> rs = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                Connection c = client.connect(server, endpoint.options());
                connections.add(c);
                rs.add(c.openReceiver(
                        address, new ReceiverOptions().creditWindow(window).deliveryMode(settle)));
            }
            List<Sender> ss = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Connection c = client.connect(server, endpoint.options());
                connections.add(c);
                ss.add(c.openSender(address, new SenderOptions().deliveryMode(settle)));
            }
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            for (Receiver r : rs) {
                Histogram h = new Histogram(3_600_000_000L, 3);
                histograms.add(h);
                threads.add(Thread.ofPlatform()
                        .name("bench-receiver")
                        .start(() -> receive(
                                r,
                                h,
                                total,
                                sendersDone,
                                sent,
                                received,
                                new Measured(measureFrom, measured),
                                failure)));
            }
            for (int i = 0; i < senders; i++) {
                Sender s = ss.get(i);
                long mine = total == Long.MAX_VALUE ? Long.MAX_VALUE : total / senders + (i < total % senders ? 1 : 0);
                double myRate = rate / senders;
                threads.add(Thread.ofPlatform().name("bench-sender").start(() -> {
                    try {
                        send(s, mine, deadline, myRate, sent);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        sendersDone.countDown();
                    }
                }));
            }
            Thread reporter = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    progress.update(received.get(), total == Long.MAX_VALUE ? 0 : total);
                    LockSupport.parkNanos(200_000_000L);
                }
            });
            for (Thread t : threads) {
                t.join();
            }
            reporter.interrupt();
            double seconds = (System.nanoTime() - measureFrom) / 1e9;
            for (Connection c : connections) {
                c.close();
            }
            if (failure.get() != null) {
                Throwable f = failure.get();
                System.err.println("ferry bench: "
                        + (f instanceof ClientException ce ? Errors.explain(ce, server) : f.toString()));
                return 1;
            }
            Histogram all = new Histogram(3_600_000_000L, 3);
            histograms.forEach(all::add);
            report(Endpoint.mask(server) + "/" + address, sent.get(), received.get(), measured.get(), seconds, all);
            if (received.get() < sent.get() && settle == DeliveryMode.AT_LEAST_ONCE) {
                System.err.printf("ferry bench: %,d message(s) sent were not received%n", sent.get() - received.get());
                return 1;
            }
            return 0;
        } catch (ClientException e) {
            System.err.println("ferry bench: " + Errors.explain(e, server));
            return 1;
        }
    }

    private void send(Sender s, long count, long deadline, double perSecond, AtomicLong sent) {
        ArrayDeque<Tracker> unsettled = new ArrayDeque<>();
        byte[] body = new byte[size];
        long start = System.nanoTime();
        Duration wait = Duration.ofSeconds(60);
        for (long i = 0; i < count; i++) {
            long now = System.nanoTime();
            if (now > deadline) {
                break;
            }
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                while (now < due) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
            }
            // The send time, in the first 8 bytes of the body (this process's clock at both ends).
            long t = System.nanoTime();
            for (int b = 0; b < 8; b++) {
                body[b] = (byte) (t >>> (8 * b));
            }
            Message<byte[]> m = Message.create(body);
            if (durable) {
                m.durable(true);
            }
            Tracker tracker = s.send(m);
            sent.incrementAndGet();
            if (settle == DeliveryMode.AT_LEAST_ONCE) {
                unsettled.add(tracker);
                while (unsettled.size() >= window
                        || (!unsettled.isEmpty() && unsettled.peek().settled())) {
                    unsettled.poll().awaitSettlement(wait);
                }
            }
        }
        while (!unsettled.isEmpty()) {
            unsettled.poll().awaitSettlement(wait);
        }
    }

    /** What counts in the results: deliveries from {@code fromNanos} on. */
    private record Measured(long fromNanos, AtomicLong count) {}

    private static void receive(
            Receiver r,
            Histogram h,
            long total,
            CountDownLatch sendersDone,
            AtomicLong sent,
            AtomicLong received,
            Measured measured,
            AtomicReference<Throwable> failure) {
        try {
            while (true) {
                long got = received.get();
                if (sendersDone.getCount() == 0 && got >= sent.get()) {
                    return;
                }
                if (got >= total || failure.get() != null) {
                    return;
                }
                Delivery d = r.receive(Duration.ofMillis(sendersDone.getCount() == 0 ? 2000 : 10_000));
                if (d == null) {
                    if (sendersDone.getCount() == 0) {
                        return;
                    }
                    continue;
                }
                long now = System.nanoTime();
                Message<byte[]> m = d.message();
                byte[] body = m.body();
                long t = 0;
                for (int b = 7; b >= 0; b--) {
                    t = (t << 8) | (body[b] & 0xff);
                }
                if (now - measured.fromNanos() >= 0) {
                    h.recordValue(Math.max(0, (now - t) / 1000));
                    measured.count().incrementAndGet();
                }
                received.incrementAndGet();
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private void report(
            String where, long sentCount, long receivedCount, long measuredCount, double seconds, Histogram h) {
        double msgs = measuredCount / seconds;
        double mib = measuredCount * (double) size / 1048576 / seconds;
        Map<String, Double> latency = new LinkedHashMap<>();
        latency.put("p50", h.getValueAtPercentile(50) / 1000.0);
        latency.put("p90", h.getValueAtPercentile(90) / 1000.0);
        latency.put("p99", h.getValueAtPercentile(99) / 1000.0);
        latency.put("p99.9", h.getValueAtPercentile(99.9) / 1000.0);
        latency.put("max", h.getMaxValue() / 1000.0);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("client", "ferry");
            o.put("url", where);
            o.put("senders", senders);
            o.put("receivers", receivers);
            o.put("size", size);
            o.put("settle", Settle.name(settle));
            o.put("durable", durable);
            o.put("rate", rate);
            o.put("sent", sentCount);
            o.put("received", receivedCount);
            o.put("warmupSeconds", warmup);
            o.put("measured", measuredCount);
            o.put("seconds", seconds);
            o.put("msgPerSecond", msgs);
            o.put("mibPerSecond", mib);
            o.put("latencyMs", latency);
            System.out.println(Json.write(o));
            return;
        }
        System.out.printf(
                "ferry bench: %d sender(s), %d receiver(s), %,d-byte %s messages, %s, via %s%n",
                senders, receivers, size, durable ? "durable" : "non-durable", Settle.name(settle), where);
        System.out.printf(
                "  throughput  %,.0f msg/s  %,.1f MiB/s  (%,d received of %,d sent; %,d in the %.2f s "
                        + "measured%s)%n",
                msgs,
                mib,
                receivedCount,
                sentCount,
                measuredCount,
                seconds,
                warmup > 0 ? String.format(" after %.1f s of warm-up", warmup) : "");
        System.out.printf(
                "  latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                latency.get("p50"), latency.get("p90"), latency.get("p99"), latency.get("p99.9"), latency.get("max"));
    }
}
