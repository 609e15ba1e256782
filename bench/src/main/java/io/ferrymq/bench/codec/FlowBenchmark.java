package io.ferrymq.bench.codec;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.transport.Flow;

/** A link flow as a receiver sends it to grant credit: session fields, handle, delivery-count, link-credit. */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public class FlowBenchmark extends PerformativeBenchmark {
    @Override
    CompositeType ferryValue() {
        return new Flow()
                .nextIncomingId(1)
                .incomingWindow(2047)
                .nextOutgoingId(1)
                .outgoingWindow(Integer.MAX_VALUE)
                .handle(0)
                .deliveryCount(10)
                .linkCredit(1000);
    }

    @Override
    Object protonValue() {
        return new org.apache.qpid.protonj2.types.transport.Flow()
                .setNextIncomingId(1)
                .setIncomingWindow(2047)
                .setNextOutgoingId(1)
                .setOutgoingWindow(Integer.MAX_VALUE)
                .setHandle(0)
                .setDeliveryCount(10)
                .setLinkCredit(1000);
    }
}
