package io.ferrymq.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Streams one large message through a server and back, in a JVM of its own (started by
 * {@link LargeStreamIT} with a small heap): sends {@code size} bytes with a {@link StreamSender},
 * then reads them with a {@link StreamReceiver}, checking length and CRC. Prints one line of
 * results: {@code bytes=... sendSeconds=... receiveSeconds=... peakHeapMiB=... maxRssMiB=... crcMatch=...}.
 *
 * <p>Arguments: URI, address, size in bytes.
 */
public final class LargeStreamMain {
    private LargeStreamMain() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String address = args[1];
        long size = Long.parseLong(args[2]);
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        CRC32 sentCrc = new CRC32();
        CRC32 gotCrc = new CRC32();
        long received = 0;
        long t0;
        long t1;
        long t2;
        ConnectionOptions options = new ConnectionOptions()
                .sendTimeout(Duration.ofMinutes(2))
                .requestTimeout(Duration.ofMinutes(2))
                .sessionCapacity(2 * 1024 * 1024);
        try (Client client = Client.create();
                Connection c = client.connect(uri, options)) {
            StreamSender sender = c.openStreamSender(address, new SenderOptions().streamChunkSize(128 * 1024));
            t0 = System.nanoTime();
            StreamSenderMessage out =
                    sender.beginMessage(Message.create().durable(true).property("size", size));
            try (OutputStream body = out.body()) {
                for (long written = 0; written < size; written += block.length) {
                    // Each block differs (its index in the first bytes), so a misplaced block shows in the CRC.
                    long index = written / block.length;
                    for (int i = 0; i < 8; i++) {
                        block[i] = (byte) (index >>> (8 * i));
                    }
                    int n = (int) Math.min(block.length, size - written);
                    body.write(block, 0, n);
                    sentCrc.update(block, 0, n);
                }
            }
            out.tracker().awaitAccepted(Duration.ofMinutes(5));
            t1 = System.nanoTime();

            StreamReceiver receiver = c.openStreamReceiver(address, new ReceiverOptions().creditWindow(1));
            StreamDelivery delivery = receiver.receive(Duration.ofMinutes(2));
            if (delivery == null) {
                throw new IllegalStateException("the message did not come back");
            }
            try (InputStream in = delivery.message().body()) {
                byte[] buf = new byte[256 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    gotCrc.update(buf, 0, n);
                    received += n;
                }
            }
            t2 = System.nanoTime();
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long rssKiB = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                rssKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        boolean match = received == size && gotCrc.getValue() == sentCrc.getValue();
        System.out.printf(
                "bytes=%d sendSeconds=%.1f receiveSeconds=%.1f peakHeapMiB=%d maxRssMiB=%d maxHeapMiB=%d"
                        + " crcMatch=%s%n",
                received,
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                peakHeap >> 20,
                rssKiB >> 10,
                Runtime.getRuntime().maxMemory() >> 20,
                match);
        System.exit(match ? 0 : 3);
    }
}
