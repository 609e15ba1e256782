package io.ferrymq.store;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces the zero-filling of a spare segment to the journal's own writes.
 *
 * <p>Zeros written flat out crowd the disk ahead of the journal's small forces (a twentieth of the forces per second,
 * measured: docs/benchmarks.md, "Design measurements"). So while the journal is writing, the spare is kept only
 * {@link #HEADROOM} plus twice the
 * journal's new bytes ahead: a spare begun when the writer rolls to a fresh segment is complete before that segment is
 * half full. While the journal is idle, or the writer waits for the spare, the fill runs flat out.
 *
 * <p>Used by the allocator's one thread; {@link #hurry} and {@link #stop} may be called from any thread.
 */
final class ZeroFillPacer {
    /** How far ahead of the journal's own bytes the fill may run. */
    static final long HEADROOM = 8L << 20;
    /** No journal bytes for this long and the journal counts as idle. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LongSupplier journalBytes;
    private volatile boolean hurry;
    private volatile boolean stopped;
    private volatile boolean abandoned;
    private long base;
    private long lastSeen;
    private long lastChange;

    ZeroFillPacer(LongSupplier journalBytes) {
        this.journalBytes = journalBytes;
    }

    /** Starts pacing a new segment's fill from the journal's current position. */
    void begin() {
        begin(journalBytes.getAsLong(), System.nanoTime());
    }

    void begin(long journal, long nanoTime) {
        hurry = false;
        abandoned = false;
        base = journal;
        lastSeen = journal;
        lastChange = nanoTime;
    }

    /** The writer is waiting for the spare: fill flat out. */
    void hurry() {
        hurry = true;
    }

    /** A freed segment can be reused instead: the fill under way gives up ({@link Abandoned}). */
    void abandon() {
        abandoned = true;
    }

    /** The store is closing: a fill waiting its turn gives up. */
    void stop() {
        stopped = true;
    }

    /**
     * Blocks until {@code zeroed} bytes of zeros may be followed by more.
     *
     * @return true if the journal is idle (or waiting for the spare), so the fill may force what it wrote without
     *         delaying anyone; false if it should leave the force for later
     * @throws InterruptedIOException if the store closes (or the thread is interrupted) while waiting
     */
    boolean awaitTurn(long zeroed) throws InterruptedIOException {
        for (; ; ) {
            if (stopped || Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("store closing: spare segment not completed");
            }
            if (abandoned) {
                throw new Abandoned();
            }
            switch (turn(zeroed, journalBytes.getAsLong(), System.nanoTime())) {
                case IDLE -> {
                    return true;
                }
                case BUSY -> {
                    return false;
                }
                case WAIT -> LockSupport.parkNanos(this, POLL_NANOS);
            }
        }
    }

    /** What the fill may do next, given {@code zeroed} bytes so far, the journal's byte count and the time. */
    Turn turn(long zeroed, long journal, long nanoTime) {
        if (journal != lastSeen) {
            lastSeen = journal;
            lastChange = nanoTime;
        }
        if (hurry || nanoTime - lastChange >= IDLE_NANOS) {
            return Turn.IDLE;
        }
        return zeroed < HEADROOM + 2 * (journal - base) ? Turn.BUSY : Turn.WAIT;
    }

    /** The fill gave up for a freed segment that is reused instead. */
    static final class Abandoned extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("spare segment not completed: a freed segment is reused instead");
        }
    }

    /** See {@link #turn}. */
    enum Turn {
        /** Go on, and force what was written: nobody is waiting behind the disk. */
        IDLE,
        /** Go on without forcing: the journal is writing. */
        BUSY,
        /** Wait: the fill is far enough ahead of the journal. */
        WAIT
    }
}
