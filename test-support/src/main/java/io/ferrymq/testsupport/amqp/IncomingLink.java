package io.ferrymq.testsupport.amqp;

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
 * A link on which the client sends. Each whole message is kept in its target address's queue, as the bytes it came
 * as, then accepted and settled; one that finds the address full is rejected with
 * {@code amqp:resource-limit-exceeded}. Credit is kept topped up to a window (none at all for an address whose
 * credit is withheld). At an address where links are closed at the first message, the message is dropped and the
 * link closed with the error the test gave.
 */
final class IncomingLink {
    private final Receiver receiver;
    private final AddressQueue queue;
    private final ConnectionRecord record;
    private final int creditWindow;
    private final ErrorCondition closingError;

    IncomingLink(
            Receiver receiver,
            AddressQueue queue,
            ConnectionRecord record,
            int creditWindow,
            ErrorCondition closingError) {
        this.receiver = receiver;
        this.queue = queue;
        this.record = record;
        this.creditWindow = creditWindow;
        this.closingError = closingError;
    }

    void start() {
        topUp();
    }

    void onDelivery(Delivery delivery) {
        if (delivery.isAborted()) {
            delivery.context(null);
            topUp();
            return;
        }
        // The bytes are taken a frame at a time (one event each), so a large message never holds the session
        // window shut.
        Gathered gathered = (Gathered) delivery.context();
        if (gathered == null) {
            gathered = new Gathered(delivery.isPartial() ? 64 * 1024 : 256);
            delivery.context(gathered);
        }
        gathered.take(delivery.takePayload());
        if (delivery.isPartial()) {
            return;
        }
        delivery.context(null);
        if (closingError != null) {
            receiver.close(closingError);
            return;
        }
        boolean kept = queue.offer(gathered.bytes.toByteArray());
        if (kept) {
            record.messageIn(gathered.frames);
        }
        if (!delivery.isRemotelySettled()) {
            delivery.disposition(
                    kept
                            ? Accepted.INSTANCE
                            : new Rejected(new ErrorCondition(
                                    AmqpError.RESOURCE_LIMIT_EXCEEDED,
                                    "address '" + queue.address() + "' holds its limit of messages")),
                    true);
        }
        topUp();
    }

    private void topUp() {
        if (creditWindow > 0 && receiver.credit() < creditWindow / 2) {
            receiver.flow(creditWindow);
        }
    }

    /** A message's bytes so far, and the transfer frames they came in. */
    private static final class Gathered {
        final ByteArrayOutputStream bytes;
        int frames;

        Gathered(int expectedSize) {
            bytes = new ByteArrayOutputStream(expectedSize);
        }

        void take(ByteBuf frame) {
            frames++;
            try {
                frame.readBytes(bytes, frame.readableBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                frame.release();
            }
        }
    }
}
