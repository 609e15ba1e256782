package io.ferrymq.bench.compare;

/** The measurement window, in {@link System#nanoTime()}: opened after the warm-up, closed at its end. */
final class Window {
    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    void open(long now) {
        start = now;
    }

    void close(long now) {
        end = now;
    }

    boolean contains(long now) {
        return now >= start && now < end;
    }

    /** The window's length once closed. */
    long nanos() {
        return end - start;
    }
}
