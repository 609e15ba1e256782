package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory's lock: an operating-system lock on {@code ferry.lock}, which also holds the owner's pid so a
 * refused opener can name it. The kernel drops the lock when the owning process dies, however it dies, so a crash
 * never leaves the directory locked.
 */
final class LockFile implements AutoCloseable {
    static final String NAME = "ferry.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LockFile acquire(Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            String holder = holder(ch);
            ch.close();
            throw new StoreLockedException("data directory " + dir + " is already open in this process"
                    + (holder == null ? "" : " (pid " + holder + ")") + "; lock file " + path);
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new StoreLockedException("data directory " + dir + " is in use by another Ferry store"
                    + (holder == null ? "" : " (pid " + holder + ")") + "; lock file " + path
                    + " is held. Stop that process or use another directory.");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(true);
        return new LockFile(ch, lock);
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        return s.isEmpty() ? null : s;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
