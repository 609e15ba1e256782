package io.ferrymq.it.server;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Receiver;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A link on which the client sends: each complete message is kept, as the bytes it came as, in
 * its target address's queue, then accepted and settled. When the address is full the message
 * is rejected with {@code amqp:resource-limit-exceeded}. Credit is kept topped up to a window.
 */
final class IncomingLink {
    private final Receiver receiver;
    private final AddressQueue queue;
    private final ConnectionRecord record;
    private final int creditWindow;

    IncomingLink(Receiver receiver, AddressQueue queue, ConnectionRecord record, int creditWindow) {
        this.receiver = receiver;
        this.queue = queue;
        this.record = record;
        this.creditWindow = creditWindow;
    }

    void start() {
        receiver.flow(creditWindow);
    }

    void onDelivery(Delivery delivery) {
        if (delivery.isAborted()) {
            delivery.context(null);
            topUp();
            return;
        }
        // Take the bytes frame by frame (one event per transfer frame), so that a large message
        // never holds the session window shut.
        Gathered gathered = (Gathered) delivery.context();
        if (gathered == null) {
            gathered = new Gathered(delivery.isPartial() ? 64 * 1024 : 256);
            delivery.context(gathered);
        }
        gathered.frames++;
        ByteBuf bytes = delivery.takePayload();
        try {
            bytes.readBytes(gathered.bytes, bytes.readableBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            bytes.release();
        }
        if (delivery.isPartial()) {
            return;
        }
        delivery.context(null);
        boolean kept = queue.offer(gathered.bytes.toByteArray());
        if (kept) {
            record.messageIn(gathered.frames);
        }
        if (!delivery.isRemotelySettled()) {
            delivery.disposition(kept ? Accepted.INSTANCE
                    : new Rejected(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "address '"
                            + queue.address() + "' holds its limit of messages")), true);
        }
        topUp();
    }

    /** A message's bytes so far, and the transfer frames they came in. */
    private static final class Gathered {
        final ByteArrayOutputStream bytes;
        int frames;

        Gathered(int size) {
            bytes = new ByteArrayOutputStream(size);
        }
    }

    private void topUp() {
        if (receiver.credit() < creditWindow / 2) {
            receiver.flow(creditWindow);
        }
    }
}
