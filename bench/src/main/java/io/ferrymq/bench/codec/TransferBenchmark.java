package io.ferrymq.bench.codec;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.transport.Transfer;

/**
 * The transfer performative that heads every message frame: handle, a four-byte delivery-id,
 * an eight-byte delivery-tag, message-format 0 and settled false.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public class TransferBenchmark extends PerformativeBenchmark {
    static final long HANDLE = 1;
    static final long DELIVERY_ID = 1_000_000;
    static final byte[] DELIVERY_TAG = {0, 0, 0, 0, 0, 0x0f, 0x42, 0x40};

    @Override
    CompositeType ferryValue() {
        return new Transfer()
                .handle(HANDLE)
                .deliveryId(DELIVERY_ID)
                .deliveryTag(new Binary(DELIVERY_TAG.clone()))
                .messageFormat(0)
                .settled(false);
    }

    @Override
    Object protonValue() {
        return new org.apache.qpid.protonj2.types.transport.Transfer()
                .setHandle(HANDLE)
                .setDeliveryId(DELIVERY_ID)
                .setDeliveryTag(DELIVERY_TAG.clone())
                .setMessageFormat(0)
                .setSettled(false);
    }
}
