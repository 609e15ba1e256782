package io.ferrymq.cli.bench;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DeliveryMode;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.Tracker;

/**
 * The workload of {@code ferry bench}, done by the Qpid protonj2 client: the same connections
 * (one per sender and per receiver), the same body with its send time in the first 8 bytes,
 * the same at-least-once window, the same credit window and the same numbers. For the
 * comparison in docs/benchmarks.md ("Client").
 *
 * <p>Arguments: URL (amqp://host:port/address) count size settle(at-least-once|at-most-once) window
 * senders receivers durable(true|false). Prints one JSON object like {@code ferry bench --json}.
 */
public final class ProtonJ2Bench {
    private ProtonJ2Bench() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long count = Long.parseLong(args[1]);
        int size = Integer.parseInt(args[2]);
        boolean atLeastOnce = !args[3].equals("at-most-once");
        int window = Integer.parseInt(args[4]);
        int senders = Integer.parseInt(args[5]);
        int receivers = Integer.parseInt(args[6]);
        boolean durable = Boolean.parseBoolean(args[7]);
        System.out.println(run(url, count, size, atLeastOnce, window, senders, receivers, durable));
    }

    static String run(URI url, long count, int size, boolean atLeastOnce, int window, int senders, int receivers,
            boolean durable) throws Exception {
        String address = url.getPath().substring(1);
        DeliveryMode mode = atLeastOnce ? DeliveryMode.AT_LEAST_ONCE : DeliveryMode.AT_MOST_ONCE;
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch sendersDone = new CountDownLatch(senders);
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (Client client = Client.create()) {
            List<Connection> connections = new ArrayList<>();
            List<Receiver> rs = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                Connection c = client.connect(url.getHost(), url.getPort());
                connections.add(c);
                rs.add(c.openReceiver(address, new ReceiverOptions().creditWindow(window).deliveryMode(mode))
                        .openFuture().get(30, TimeUnit.SECONDS));
            }
            List<Sender> ss = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Connection c = client.connect(url.getHost(), url.getPort());
                connections.add(c);
                ss.add(c.openSender(address, new SenderOptions().deliveryMode(mode)).openFuture()
                        .get(30, TimeUnit.SECONDS));
            }
            long start = System.nanoTime();
            for (Receiver r : rs) {
                Histogram h = new Histogram(3_600_000_000L, 3);
                histograms.add(h);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            if (sendersDone.getCount() == 0 && received.get() >= sent.get()) {
                                return;
                            }
                            if (received.get() >= count || failure.get() != null) {
                                return;
                            }
                            Delivery d = r.receive(sendersDone.getCount() == 0 ? 2000 : 10_000, TimeUnit.MILLISECONDS);
                            if (d == null) {
                                if (sendersDone.getCount() == 0) {
                                    return;
                                }
                                continue;
                            }
                            long now = System.nanoTime();
                            byte[] body = (byte[]) d.message().body();
                            long t = 0;
                            for (int b = 7; b >= 0; b--) {
                                t = (t << 8) | (body[b] & 0xff);
                            }
                            h.recordValue(Math.max(0, (now - t) / 1000));
                            received.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (int i = 0; i < senders; i++) {
                Sender s = ss.get(i);
                long mine = count / senders + (i < count % senders ? 1 : 0);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        ArrayDeque<Tracker> unsettled = new ArrayDeque<>();
                        byte[] body = new byte[size];
                        for (long n = 0; n < mine; n++) {
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
                            if (atLeastOnce) {
                                unsettled.add(tracker);
                                while (unsettled.size() >= window
                                        || (!unsettled.isEmpty() && unsettled.peek().remoteSettled())) {
                                    unsettled.poll().settlementFuture().get(60, TimeUnit.SECONDS);
                                }
                            }
                        }
                        while (!unsettled.isEmpty()) {
                            unsettled.poll().settlementFuture().get(60, TimeUnit.SECONDS);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        sendersDone.countDown();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Connection c : connections) {
                c.close();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("protonj2 bench failed", failure.get());
            }
            Histogram all = new Histogram(3_600_000_000L, 3);
            histograms.forEach(all::add);
            return String.format(Locale.ROOT, "{\"client\":\"protonj2\",\"sent\":%d,\"received\":%d,\"seconds\":%.3f,"
                    + "\"msgPerSecond\":%.3f,\"mibPerSecond\":%.3f,\"latencyMs\":{\"p50\":%.3f,\"p90\":%.3f,"
                    + "\"p99\":%.3f,\"p99.9\":%.3f,\"max\":%.3f}}", sent.get(), received.get(), seconds,
                    received.get() / seconds, received.get() * (double) size / 1048576 / seconds,
                    all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(90) / 1000.0,
                    all.getValueAtPercentile(99) / 1000.0, all.getValueAtPercentile(99.9) / 1000.0,
                    all.getMaxValue() / 1000.0);
        }
    }
}
