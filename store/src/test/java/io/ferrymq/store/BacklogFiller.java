package io.ferrymq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Child process main for {@link LargeBacklogIT}, run with {@code -Xmx256m}: stores a million 1 KiB messages on one
 * queue, closes, reopens (recovery rebuilds the index and the queue under the same heap) and reads some back.
 */
public final class BacklogFiller {
    private BacklogFiller() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        StoreOptions options =
                StoreOptions.builder().syncPolicy(SyncPolicy.NEVER).build();
        byte[] payload = new byte[1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        try (Store s = Store.open(Path.of(args[0]), options)) {
            s.createQueue(1, new byte[0]).join();
            Semaphore inFlight = new Semaphore(8192);
            for (long id = 1; id <= count; id++) {
                inFlight.acquire();
                ByteBuf body = Unpooled.wrappedBuffer(payload);
                s.addMessage(id, body, 1).whenComplete((v, e) -> {
                    inFlight.release();
                    if (e != null) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                });
            }
            inFlight.acquire(8192);
            System.out.println("WRITTEN " + s.stats());
        }
        try (Store s = Store.open(Path.of(args[0]), options)) {
            RecoveredState r = s.takeRecoveredState();
            long[] ids = r.queue(1).messageIds();
            for (int i = 0; i < ids.length; i += ids.length / 100) {
                ByteBuf b = s.read(ids[i]);
                byte[] got = new byte[b.readableBytes()];
                b.readBytes(got);
                b.release();
                if (!java.util.Arrays.equals(got, payload)) {
                    throw new AssertionError("bytes of message " + ids[i]);
                }
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("OK " + ids.length + " heapUsed=" + (rt.totalMemory() - rt.freeMemory()) + " maxHeap="
                    + rt.maxMemory() + " " + s.stats());
        }
    }
}
