package io.ferrymq.bench.codec;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.Role;

/** A receiver settling a range of 32 deliveries as accepted. */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public class DispositionBenchmark extends PerformativeBenchmark {
    static final long FIRST = 1_000_000;
    static final long LAST = 1_000_031;

    @Override
    CompositeType ferryValue() {
        return new Disposition()
                .role(Role.RECEIVER)
                .first(FIRST)
                .last(LAST)
                .settled(true)
                .state(Accepted.INSTANCE);
    }

    @Override
    Object protonValue() {
        return new org.apache.qpid.protonj2.types.transport.Disposition()
                .setRole(org.apache.qpid.protonj2.types.transport.Role.RECEIVER)
                .setFirst(FIRST)
                .setLast(LAST)
                .setSettled(true)
                .setState(org.apache.qpid.protonj2.types.messaging.Accepted.getInstance());
    }
}
