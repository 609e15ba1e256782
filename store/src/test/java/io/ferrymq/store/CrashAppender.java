package io.ferrymq.store;

import io.ferrymq.testsupport.ChildOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * Child process main for {@link CrashRecoveryIT}: appends durable records from several threads until killed, and
 * prints a line for each: {@code a q id} before an add is submitted, {@code A q id} once it completed; {@code x q id}
 * before an awaited remove, {@code R q id} once it completed; {@code L q id} before a lazy remove is submitted;
 * {@code D q id n} once a delivery count completed; {@code U n} now and then: segments retired unread so far. Thread
 * q owns queue q, so each queue's order is its thread's. Lines go to standard output and to a file
 * ({@link ChildOutput}).
 */
public final class CrashAppender {
    static final int THREADS = 4;

    private CrashAppender() {}

    static StoreOptions options() {
        return StoreOptions.builder()
                .segmentSize(64 * 1024)
                .syncPolicy(SyncPolicy.ALWAYS)
                .compactionThreshold(0.5)
                .compactionInterval(Duration.ofMillis(20))
                .build();
    }

    /**
     * The options of a child: in a plain round the compactor waits 100 ms, not 20, before it compacts a segment the
     * writer left holding a few live messages, time enough at this rate for their consumer to take them, so that the
     * segment is retired unread instead.
     */
    static StoreOptions options(boolean transactions) {
        return transactions
                ? options()
                : options().toBuilder()
                        .compactionInterval(Duration.ofMillis(100))
                        .build();
    }

    private static ChildOutput out;

    static void print(String line) {
        out.line(line);
    }

    /**
     * Arguments: data directory, random seed, file that receives every line printed, and {@code tx} or {@code plain}:
     * whether some adds are transactional (a segment holding a transactional record is only ever compacted by a scan,
     * so plain rounds are where segments are retired unread).
     */
    public static void main(String[] args) throws Exception {
        out = new ChildOutput(Path.of(args[2]));
        boolean transactions = !"plain".equals(args[3]);
        Store store = Store.open(Path.of(args[0]), options(transactions));
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
            Thread th = new Thread(() -> run(store, q, mine, new Random(seed * 31 + q), transactions), "appender-" + q);
            th.start();
        }
    }

    private static void run(Store store, long q, ArrayDeque<Long> mine, Random rnd, boolean transactions) {
        int count = 0;
        for (long n = 1; ; n++) {
            if (q == 1 && n % 10 == 0) {
                print("U " + store.stats().retiredUnread());
            }
            long id = store.nextMessageId();
            print("a " + q + " " + id);
            if (transactions && rnd.nextInt(13) == 0) {
                StoreTransaction tx = store.transaction(id);
                tx.addMessage(id, TestData.body(id, TestData.sizeOf(id)), q);
                tx.commit().join();
            } else {
                store.addMessage(id, TestData.body(id, TestData.sizeOf(id)), q).join();
            }
            print("A " + q + " " + id);
            mine.add(id);
            // With transactions the queue grows by a third of its adds; plain, a consumer keeps up with it (at most
            // two messages stay), so segments empty soon after the writer leaves them.
            while (!transactions && mine.size() > 2) {
                removeOldest(store, q, mine, rnd.nextInt(8) != 0);
            }
            int dice = rnd.nextInt(12);
            if (dice < 7 && mine.size() > 1) {
                removeOldest(store, q, mine, true);
            } else if (dice < 8 && mine.size() > 1) {
                removeOldest(store, q, mine, false);
            } else if (dice < 9) {
                count++;
                store.updateDeliveryCount(q, id, count).join();
                print("D " + q + " " + id + " " + count);
            }
        }
    }

    private static void removeOldest(Store store, long q, ArrayDeque<Long> mine, boolean awaited) {
        long oldest = mine.poll();
        if (awaited) {
            print("x " + q + " " + oldest);
            store.removeMessage(q, oldest).join();
            print("R " + q + " " + oldest);
        } else {
            print("L " + q + " " + oldest);
            store.removeMessageLazily(q, oldest);
        }
    }
}
