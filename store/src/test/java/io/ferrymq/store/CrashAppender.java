package io.ferrymq.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * Child process main for {@link CrashRecoveryIT}: appends durable records from several threads until killed, and
 * prints a line for each: {@code a q id} before an add is submitted, {@code A q id} once it completed; {@code x q id}
 * before an awaited remove, {@code R q id} once it completed; {@code L q id} before a lazy remove is submitted;
 * {@code D q id n} once a delivery count completed. Thread q owns queue q, so each queue's order is its thread's.
 * Lines go to standard output and to a file ({@link ChildOutput}).
 */
public final class CrashAppender {
    static final int THREADS = 4;

    private CrashAppender() {
    }

    static StoreOptions options() {
        return StoreOptions.builder().segmentSize(64 * 1024).syncPolicy(SyncPolicy.ALWAYS)
                .compactionThreshold(0.5).compactionInterval(Duration.ofMillis(20)).build();
    }

    private static ChildOutput out;

    static void print(String line) {
        out.line(line);
    }

    /** Arguments: data directory, random seed, file that receives every line printed. */
    public static void main(String[] args) throws Exception {
        out = new ChildOutput(Path.of(args[2]));
        Store store = Store.open(Path.of(args[0]), options());
        RecoveredState recovered = store.takeRecoveredState();
        for (long q = 1; q <= THREADS; q++) {
            if (recovered.queue(q) == null) {
                store.createQueue(q, ("queue " + q).getBytes()).join();
            }
        }
        print("RECOVERED");
        long seed = Long.parseLong(args[1]);
        for (int t = 1; t <= THREADS; t++) {
            long q = t;
            RecoveredQueue rq = recovered.queue(q);
            ArrayDeque<Long> mine = new ArrayDeque<>();
            if (rq != null) {
                for (long id : rq.messageIds()) {
                    mine.add(id);
                }
            }
            Thread th = new Thread(() -> run(store, q, mine, new Random(seed * 31 + q)), "appender-" + q);
            th.start();
        }
    }

    private static void run(Store store, long q, ArrayDeque<Long> mine, Random rnd) {
        int count = 0;
        for (;;) {
            long id = store.nextMessageId();
            print("a " + q + " " + id);
            if (rnd.nextInt(13) == 0) {
                StoreTransaction tx = store.transaction(id);
                tx.addMessage(id, TestData.body(id, TestData.sizeOf(id)), q);
                tx.commit().join();
            } else {
                store.addMessage(id, TestData.body(id, TestData.sizeOf(id)), q).join();
            }
            print("A " + q + " " + id);
            mine.add(id);
            int dice = rnd.nextInt(12);
            if (dice < 7 && mine.size() > 1) {
                long oldest = mine.poll();
                print("x " + q + " " + oldest);
                store.removeMessage(q, oldest).join();
                print("R " + q + " " + oldest);
            } else if (dice < 8 && mine.size() > 1) {
                long oldest = mine.poll();
                print("L " + q + " " + oldest);
                store.removeMessageLazily(q, oldest);
            } else if (dice < 9) {
                count++;
                store.updateDeliveryCount(q, id, count).join();
                print("D " + q + " " + id + " " + count);
            }
        }
    }
}
