package io.ferrymq.client;

import java.time.Duration;

/** Settings of a {@link Sender} or {@link StreamSender}. */
public final class SenderOptions {
    private DeliveryMode deliveryMode = DeliveryMode.AT_LEAST_ONCE;
    private String linkName;
    private Duration sendTimeout;
    private String[] targetCapabilities;
    private long maxBufferedBytes = 1024 * 1024;
    private int streamChunkSize = 64 * 1024;

    public DeliveryMode deliveryMode() {
        return deliveryMode;
    }

    /** At-least-once (the default: the server acknowledges each message) or at-most-once (pre-settled). */
    public SenderOptions deliveryMode(DeliveryMode mode) {
        this.deliveryMode = mode;
        return this;
    }

    public String linkName() {
        return linkName;
    }

    /** The link's name; by default one is made up. */
    public SenderOptions linkName(String name) {
        this.linkName = name;
        return this;
    }

    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** How long a send waits for credit; by default the connection's send timeout. */
    public SenderOptions sendTimeout(Duration timeout) {
        this.sendTimeout = timeout;
        return this;
    }

    public String[] targetCapabilities() {
        return targetCapabilities;
    }

    /** Capabilities of the target, for example "queue" or "topic". */
    public SenderOptions targetCapabilities(String... capabilities) {
        this.targetCapabilities = capabilities;
        return this;
    }

    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** Stream senders: how many written bytes may wait to go out before a write blocks; default 1 MiB. */
    public SenderOptions maxBufferedBytes(long bytes) {
        this.maxBufferedBytes = bytes;
        return this;
    }

    public int streamChunkSize() {
        return streamChunkSize;
    }

    /** Stream senders: the size of each data section written; default 64 KiB. */
    public SenderOptions streamChunkSize(int bytes) {
        this.streamChunkSize = bytes;
        return this;
    }

    /** A copy, independent of this one: a sender keeps its own. */
    public SenderOptions copy() {
        SenderOptions c = new SenderOptions();
        c.deliveryMode = deliveryMode;
        c.linkName = linkName;
        c.sendTimeout = sendTimeout;
        c.targetCapabilities = targetCapabilities == null ? null : targetCapabilities.clone();
        c.maxBufferedBytes = maxBufferedBytes;
        c.streamChunkSize = streamChunkSize;
        return c;
    }
}
