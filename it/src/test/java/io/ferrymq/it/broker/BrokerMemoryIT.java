package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.BrokerProcess;
import io.ferrymq.testsupport.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker holding 1,000,000 durable 1 KiB messages: a broker process of its own with the
 * JVM's default heap ({@code ferry broker}, no options) is filled through the Qpid protonj2
 * client, and its heap (live, after a full GC, from {@code jcmd GC.heap_info}) and resident
 * set ({@code /proc/PID/status}) are measured and printed; then every message is consumed and
 * checked, and the broker stops cleanly.
 */
class BrokerMemoryIT {
    private static final int COUNT = 1_000_000;
    private static final int SIZE = 1024;
    private static final int IN_FLIGHT = 5_000;
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 2;
    private static final String QUEUE = "memory.million";

    /** The body of message {@code i}: its index, then a pattern made from it. */
    static byte[] body(int i) {
        byte[] b = new byte[SIZE];
        b[0] = (byte) (i >>> 24);
        b[1] = (byte) (i >>> 16);
        b[2] = (byte) (i >>> 8);
        b[3] = (byte) i;
        for (int k = 4; k < SIZE; k++) {
            b[k] = (byte) (i * 7 + k);
        }
        return b;
    }

    static int index(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    record Memory(long heapUsedBytes, long heapCommittedBytes, long maxHeapBytes, long rssBytes, long peakRssBytes) {
        @Override
        public String toString() {
            return String.format(
                    "heap used %,d MiB (committed %,d MiB, max %,d MiB), RSS %,d MiB (peak %,d MiB)",
                    heapUsedBytes >> 20,
                    heapCommittedBytes >> 20,
                    maxHeapBytes >> 20,
                    rssBytes >> 20,
                    peakRssBytes >> 20);
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Command.of(jcmd.toString(), Long.toString(pid), command)
                .run(Duration.ofSeconds(60))
                .output();
    }

    private static long kib(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern + " in:\n" + text).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * Heap used and committed, in bytes, from {@code GC.heap_info}: G1 prints one line for the heap ("total reserved
     * ..K, committed ..K, used ..K"); the generational collectors the JVM picks on a small machine (Serial on one CPU
     * or under 1,792 MiB, Parallel) print a line per generation ("total ..K, used ..K", total being committed).
     */
    static long[] heapUsedAndCommitted(String heapInfo) {
        Matcher g1 = Pattern.compile("total reserved \\d+K, committed (\\d+)K, used (\\d+)K")
                .matcher(heapInfo);
        if (g1.find()) {
            return new long[] {Long.parseLong(g1.group(2)) * 1024, Long.parseLong(g1.group(1)) * 1024};
        }
        Matcher generation = Pattern.compile("\\btotal (\\d+)K, used (\\d+)K").matcher(heapInfo);
        long used = 0;
        long committed = 0;
        int generations = 0;
        while (generation.find()) {
            committed += Long.parseLong(generation.group(1)) * 1024;
            used += Long.parseLong(generation.group(2)) * 1024;
            generations++;
        }
        assertThat(generations).as("heap sizes in:\n" + heapInfo).isPositive();
        return new long[] {used, committed};
    }

    /** Live heap after a full GC, and the process's resident set now and at its peak. */
    static Memory measure(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        String flags = jcmd(pid, "VM.flags");
        Matcher max = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(flags);
        assertThat(max.find()).as(flags).isTrue();
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        long[] usedAndCommitted = heapUsedAndCommitted(heap);
        return new Memory(
                usedAndCommitted[0],
                usedAndCommitted[1],
                Long.parseLong(max.group(1)),
                kib(status, Pattern.compile("VmRSS:\\s+(\\d+) kB")),
                kib(status, Pattern.compile("VmHWM:\\s+(\\d+) kB")));
    }

    /** Sends messages {@code first}, {@code first + step}, ... below {@link #COUNT}, durable, pipelined. */
    private static Void fill(Client client, int port, int first, int step) throws Exception {
        Connection c = client.connect("127.0.0.1", port);
        Sender sender = c.openSender(QUEUE);
        ArrayDeque<Tracker> inFlight = new ArrayDeque<>();
        for (int i = first; i < COUNT; i += step) {
            inFlight.add(sender.send(Message.create(body(i)).durable(true)));
            if (inFlight.size() > IN_FLIGHT) {
                assertThat(inFlight.poll()
                                .awaitSettlement(60, TimeUnit.SECONDS)
                                .remoteState()
                                .isAccepted())
                        .isTrue();
            }
        }
        while (!inFlight.isEmpty()) {
            assertThat(inFlight.poll()
                            .awaitSettlement(60, TimeUnit.SECONDS)
                            .remoteState()
                            .isAccepted())
                    .isTrue();
        }
        c.close();
        return null;
    }

    /** Takes messages until all {@link #COUNT} are seen, checking each. */
    private static Void drain(Client client, int port, BitSet seen, AtomicInteger received) throws Exception {
        Connection c = client.connect("127.0.0.1", port);
        Receiver receiver = c.openReceiver(QUEUE, new ReceiverOptions().creditWindow(1000));
        while (received.get() < COUNT) {
            Delivery d = receiver.receive(100, TimeUnit.MILLISECONDS);
            if (d == null) {
                continue;
            }
            Message<byte[]> m = d.message();
            byte[] b = m.body();
            int i = index(b);
            assertThat(i).isBetween(0, COUNT - 1);
            assertThat(b).as("message %d", i).isEqualTo(body(i));
            synchronized (seen) {
                assertThat(seen.get(i)).as("message %d twice", i).isFalse();
                seen.set(i);
            }
            received.incrementAndGet();
        }
        c.close();
        return null;
    }

    @Test
    void holdsAMillionDurableOneKibMessages(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"));
                Client client = Client.create(new ClientOptions().id("memory-it"))) {
            Memory empty = measure(broker.pid());

            long start = System.nanoTime();
            List<Future<Void>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int first = p;
                producers.add(pool.submit(() -> fill(client, broker.port(), first, PRODUCERS)));
            }
            for (Future<Void> f : producers) {
                f.get(10, TimeUnit.MINUTES);
            }
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            Memory full = measure(broker.pid());
            long journal;
            try (var files = Files.walk(dir.resolve("data"))) {
                journal = files.filter(Files::isRegularFile)
                        .mapToLong(f -> f.toFile().length())
                        .sum();
            }
            System.out.printf("broker memory, empty: %s%n", empty);
            System.out.printf(
                    "broker memory, holding %,d durable %d-byte messages: %s; journal %,d MiB; "
                            + "filled by %d producers in %.1f s (%,.0f msg/s)%n",
                    COUNT, SIZE, full, journal >> 20, PRODUCERS, fillSeconds, COUNT / fillSeconds);
            System.out.println(broker.log()
                    .lines()
                    .filter(l -> l.contains("memory:"))
                    .findFirst()
                    .orElse("(no memory line)")
                    .trim());
            assertThat(full.heapUsedBytes()).isLessThan(full.maxHeapBytes());

            start = System.nanoTime();
            BitSet seen = new BitSet(COUNT);
            AtomicInteger received = new AtomicInteger();
            List<Future<Void>> consumers = new ArrayList<>();
            for (int n = 0; n < CONSUMERS; n++) {
                consumers.add(pool.submit(() -> drain(client, broker.port(), seen, received)));
            }
            for (Future<Void> f : consumers) {
                f.get(10, TimeUnit.MINUTES);
            }
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(received.get()).isEqualTo(COUNT);
            assertThat(seen.cardinality()).isEqualTo(COUNT);
            System.out.printf(
                    "consumed and checked %,d by %d consumers in %.1f s (%,.0f msg/s)%n",
                    COUNT, CONSUMERS, drainSeconds, COUNT / drainSeconds);
            assertThat(broker.stop()).as("exit status after SIGTERM").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
