package io.ferrymq.broker;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Holds log lines that peers cause (connections opened, refused or failed, links refused, messages dead-lettered) to a
 * rate, so that a flood of them cannot fill the disk or drown the rest of the log: at most {@code perSecond} lines in
 * any second; the lines past that are counted, and the next line that goes out says how many were left out.
 */
final class LogLimiter {
    private final int perSecond;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    LogLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Logs at INFO unless this second's lines are used up. */
    void info(Logger log, String format, Object... args) {
        if (!log.isInfoEnabled() || !admit(System.nanoTime())) {
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            log.info("(" + left + " similar line(s) left out) " + format, args);
        } else {
            log.info(format, args);
        }
    }

    /** True when a line may go out at {@code nanos}; counts it as left out otherwise. */
    boolean admit(long nanos) {
        long start = windowStart.get();
        if (nanos - start >= 1_000_000_000L && windowStart.compareAndSet(start, nanos)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() <= perSecond) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    /** Lines left out since the last that went out. */
    long suppressed() {
        return suppressed.get();
    }
}
