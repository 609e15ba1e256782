package io.ferrymq.cli;

import java.io.PrintStream;

/** A progress line on standard error, at most once a second, for runs longer than a second. */
final class Progress {
    private final PrintStream err;
    private final String verb;
    private final long start = System.nanoTime();
    private long nextReport = start + 1_000_000_000L;

    Progress(PrintStream err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (now < nextReport) {
            return;
        }
        nextReport = now + 1_000_000_000L;
        double seconds = (now - start) / 1e9;
        err.printf(
                "%s %,d%s messages, %.0f msg/s, %.0f s%n",
                verb, done, total > 0 ? " of " + String.format("%,d", total) : "", done / seconds, seconds);
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
