package io.ferrymq.codec;

import java.time.Instant;

/**
 * An AMQP {@code timestamp}: milliseconds since the Unix epoch, UTC
 * ({@code types.xml#type-timestamp}).
 */
public record Timestamp(long epochMillis) implements Comparable<Timestamp> {
    public static Timestamp of(Instant instant) {
        return new Timestamp(instant.toEpochMilli());
    }

    public Instant toInstant() {
        return Instant.ofEpochMilli(epochMillis);
    }

    @Override
    public int compareTo(Timestamp o) {
        return Long.compare(epochMillis, o.epochMillis);
    }

    @Override
    public String toString() {
        return toInstant().toString();
    }
}
