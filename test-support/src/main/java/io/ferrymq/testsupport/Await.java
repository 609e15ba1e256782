package io.ferrymq.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread or process brings about, up to a deadline, and fails saying what did not
 * happen. It looks often at first and less often as the wait goes on (every 50 ms at most).
 */
public final class Await {
    /** How long a test waits when it names no time of its own. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    private static final long LONGEST_PAUSE_NANOS = 50_000_000;

    private Await() {}

    /** Waits up to {@link #WAIT} for {@code condition}; {@code what} says what the test waited for. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, WAIT, () -> what);
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, () -> what);
    }

    /** As {@link #until(BooleanSupplier, Duration, String)}, with the text made only on failure (a log, say). */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what.get());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }
}
