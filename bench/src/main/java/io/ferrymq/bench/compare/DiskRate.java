package io.ferrymq.bench.compare;

import io.ferrymq.bench.store.RawSyncLoop;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk's own limit, on the file system the brokers' data is on: a raw loop of sequential write plus fdatasync
 * ({@link RawSyncLoop}), one batch of a given size per force. Made once (it preallocates its file), used as often as
 * needed, removed on close.
 */
final class DiskRate implements AutoCloseable {
    private final Path dir;
    private RawSyncLoop loop;

    DiskRate(Path dir) {
        this.dir = dir;
    }

    /** Forces per second with {@code bytes} written before each, over {@code seconds}. */
    double forcesPerSecond(int bytes, double seconds) throws IOException {
        if (loop == null) {
            loop = new RawSyncLoop(dir);
        }
        return loop.run(bytes, seconds).forcesPerSecond();
    }

    @Override
    public void close() throws IOException {
        if (loop != null) {
            loop.close();
        }
    }
}
