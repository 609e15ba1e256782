package io.ferrymq.bench.compare;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * One consumer: receives until stopped, decoding each message and counting what arrives and what arrives in the
 * measurement window. Messages are accepted by the receiver as they are taken (protonj2's auto-accept) unless the link
 * is pre-settled. With a latency histogram, the send time the producer stamped in each message of the window is
 * subtracted from the time it arrived here.
 */
final class ConsumerLoop implements Runnable {
    private final Receiver receiver;
    private final Window window;
    private final Histogram latency;
    private volatile boolean stop;
    private volatile long received;

    long windowReceived;
    long failures;
    String firstError = "";

    /** @param latency where to record end-to-end latency in microseconds, or null */
    ConsumerLoop(Receiver receiver, Window window, Histogram latency) {
        this.receiver = receiver;
        this.window = window;
        this.latency = latency;
    }

    void stop() {
        stop = true;
    }

    /** Deliveries received so far (any thread). */
    long received() {
        return received;
    }

    Histogram latency() {
        return latency;
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                Delivery d = receiver.receive(50, TimeUnit.MILLISECONDS);
                if (d == null) {
                    continue;
                }
                long now = System.nanoTime();
                // Decoding the message, as an application would, also frees the buffer it arrived in.
                Message<Object> message = d.message();
                received++;
                if (window.contains(now)) {
                    windowReceived++;
                    if (latency != null && message.property(ProducerLoop.SENT_AT) instanceof Long sentAt) {
                        latency.recordValue(Math.max(0, (now - sentAt) / 1000));
                    }
                }
            }
        } catch (ClientException | RuntimeException e) {
            failures++;
            firstError = "consumer: " + e;
        }
    }
}
