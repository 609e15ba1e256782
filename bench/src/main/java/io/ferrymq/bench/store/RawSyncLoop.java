package io.ferrymq.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's own limit for durable appends: one thread writing batches of a given size sequentially into a
 * preallocated file and forcing (fdatasync) after each, as fast as it can. No framing, no hand-off, no completion:
 * the bar the journal is measured against.
 */
public final class RawSyncLoop implements AutoCloseable {
    /** What a window measured. */
    public record Result(long forces, long bytes, double seconds) {
        public Result plus(Result o) {
            return new Result(forces + o.forces, bytes + o.bytes, seconds + o.seconds);
        }

        public double bytesPerSecond() {
            return bytes / seconds;
        }

        public double forcesPerSecond() {
            return forces / seconds;
        }
    }

    private static final long FILE_SIZE = 256L << 20;
    private final Path file;
    private final FileChannel channel;
    private long position;

    /** Creates and preallocates (zero-fills and forces) the file, like a journal segment. */
    public RawSyncLoop(Path dir) throws IOException {
        file = dir.resolve("raw-sync-loop.dat");
        Files.deleteIfExists(file);
        channel = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long p = 0; p < FILE_SIZE; p += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                channel.write(zeros, p + zeros.position());
            }
        }
        channel.force(true);
    }

    /** Writes and forces batches of {@code batchBytes} for {@code seconds}. */
    public Result run(int batchBytes, double seconds) throws IOException {
        ByteBuffer batch = ByteBuffer.allocateDirect(Math.max(batchBytes, 1));
        byte[] junk = new byte[batch.capacity()];
        ThreadLocalRandom.current().nextBytes(junk);
        batch.put(junk);
        long started = System.nanoTime();
        long deadline = started + (long) (seconds * 1e9);
        long forces = 0;
        long bytes = 0;
        while (System.nanoTime() < deadline) {
            if (position + batchBytes > FILE_SIZE) {
                position = 0;
            }
            batch.clear().limit(batchBytes);
            while (batch.hasRemaining()) {
                position += channel.write(batch, position);
            }
            channel.force(false);
            forces++;
            bytes += batchBytes;
        }
        return new Result(forces, bytes, (System.nanoTime() - started) / 1e9);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
