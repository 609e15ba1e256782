package io.ferrymq.client;

/**
 * A message received, and this end's handling of it: {@link #accept()}, {@link #release()},
 * {@link #reject}, {@link #modify} or a plain {@link #settle()}. Each sends its disposition with
 * the connection's next batch of output; none waits. After a reconnect, deliveries of the lost
 * connection can no longer be settled: the server gives them out again.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public final class Delivery implements Settlement<Delivery> {
    private final AbstractLink receiver;
    private final byte[] bytes;
    private final int epoch;
    private final boolean remotelySettled;
    private final long messageFormat;
    private Message<Object> message;
    private volatile boolean settled;
    // event loop only
    final io.ferrymq.engine.Delivery engineDelivery;

    Delivery(AbstractLink receiver, io.ferrymq.engine.Delivery d, byte[] bytes, int epoch) {
        this.receiver = receiver;
        this.engineDelivery = d;
        this.bytes = bytes;
        this.epoch = epoch;
        this.remotelySettled = d.isRemotelySettled();
        this.messageFormat = d.messageFormat();
        this.settled = remotelySettled;
    }

    /** The message, decoded from its bytes on first use. */
    @SuppressWarnings("unchecked")
    public <T> Message<T> message() {
        if (message == null) {
            message = Message.decodeLater(bytes);
        }
        return (Message<T>) (Message<?>) message;
    }

    /** The message's encoded bytes as they arrived. */
    public byte[] encoded() {
        return bytes;
    }

    public long messageFormat() {
        return messageFormat;
    }

    /** True when the server sent the message settled (at-most-once): no disposition is needed. */
    public boolean remoteSettled() {
        return remotelySettled;
    }

    /** True when this end has settled the delivery. */
    public boolean settled() {
        return settled;
    }

    @Override
    public Delivery disposition(DeliveryState state, boolean settle) {
        if (settled) {
            return this;
        }
        if (settle) {
            settled = true;
        }
        ConnectionDriver driver = receiver.driver;
        driver.submit(() -> {
            if (epoch != driver.epoch() || engineDelivery.isSettled() || engineDelivery.isRemotelySettled()) {
                return;
            }
            engineDelivery.disposition(DeliveryState.toCodec(state), settle);
        });
        return this;
    }

    @Override
    public String toString() {
        return "Delivery{" + receiver.name() + ", " + bytes.length + " bytes" + (settled ? ", settled" : "") + "}";
    }
}
