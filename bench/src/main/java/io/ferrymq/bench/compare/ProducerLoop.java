package io.ferrymq.bench.compare;

import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.qpid.protonj2.client.DeliveryState;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * One producer: sends on its link until stopped (or until its limit), as fast as credit allows, one at a time waiting
 * for each settlement, or at a fixed rate with the send time stamped in the message. At least once, the outcomes are
 * checked as they arrive (accepted counts as delivered, anything else as a failure) and all are awaited at the end.
 */
final class ProducerLoop implements Runnable {
    /** How the producer paces itself. */
    enum Pace {
        MAX,
        SYNC,
        FIXED_RATE
    }

    /** The application property carrying the send time ({@link System#nanoTime()}) on fixed-rate rows. */
    static final String SENT_AT = "sentAt";

    private static final int MAX_UNSETTLED = 20_000;
    private static final long SETTLE_TIMEOUT_SECONDS = 60;

    private final Sender sender;
    private final byte[] body;
    private final boolean durable;
    private final boolean presettled;
    private final Pace pace;
    private final long intervalNanos;
    private final long limit;
    private final Window window;
    private final ArrayDeque<Tracker> unsettled = new ArrayDeque<>();
    private volatile boolean stop;

    long sent;
    long windowSent;
    long delivered;
    long failures;
    String firstError = "";

    /**
     * @param ratePerSecond this producer's share of the rate ({@link Pace#FIXED_RATE})
     * @param limit how many messages to send at most ({@code Long.MAX_VALUE}: until stopped)
     */
    ProducerLoop(
            Sender sender,
            int bodyBytes,
            boolean durable,
            boolean presettled,
            Pace pace,
            double ratePerSecond,
            long limit,
            Window window) {
        this.sender = sender;
        this.body = new byte[bodyBytes];
        ThreadLocalRandom.current().nextBytes(body);
        this.durable = durable;
        this.presettled = presettled;
        this.pace = pace;
        this.intervalNanos = pace == Pace.FIXED_RATE ? (long) (1e9 / ratePerSecond) : 0;
        this.limit = limit;
        this.window = window;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        try {
            Message<byte[]> plain = Message.create(body).durable(durable);
            while (!stop && sent < limit) {
                Message<byte[]> message = plain;
                if (pace == Pace.FIXED_RATE) {
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    message = Message.create(body).durable(durable).property(SENT_AT, System.nanoTime());
                }
                Tracker tracker = sender.send(message);
                sent++;
                if (window.contains(System.nanoTime())) {
                    windowSent++;
                }
                if (presettled) {
                    delivered++;
                } else if (pace == Pace.SYNC) {
                    outcome(tracker.awaitSettlement(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } else {
                    unsettled.add(tracker);
                    collectSettled();
                }
            }
        } catch (ClientException | RuntimeException e) {
            failed(e.toString());
        } finally {
            awaitUnsettled();
        }
    }

    /** Takes the outcomes that have arrived, oldest first; waits for the oldest when too many are outstanding. */
    private void collectSettled() throws ClientException {
        while (!unsettled.isEmpty()) {
            Tracker oldest = unsettled.peekFirst();
            if (!oldest.settlementFuture().isDone()) {
                if (unsettled.size() < MAX_UNSETTLED) {
                    return;
                }
                oldest.awaitSettlement(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            outcome(unsettled.pollFirst());
        }
    }

    private void awaitUnsettled() {
        for (Tracker t; (t = unsettled.pollFirst()) != null; ) {
            try {
                outcome(t.awaitSettlement(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ClientException | RuntimeException e) {
                failed("no settlement: " + e);
            }
        }
    }

    private void outcome(Tracker t) throws ClientException {
        DeliveryState state = t.remoteState();
        if (state != null && state.getType() == DeliveryState.Type.ACCEPTED) {
            delivered++;
        } else {
            failed("outcome " + (state == null ? "none" : state.getType()));
        }
    }

    private void failed(String what) {
        failures++;
        if (firstError.isEmpty()) {
            firstError = "producer: " + what;
        }
    }
}
