package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.store.ZeroFillPacer.Turn;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The spare segment's zero-fill keeps a margin ahead of the journal while it writes, and runs flat out otherwise. */
class ZeroFillPacerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MIB = 1 << 20;

    @Test
    void whileTheJournalWritesTheFillStaysTheHeadroomPlusTwiceItsBytesAhead() {
        ZeroFillPacer pacer = new ZeroFillPacer(() -> 0L);
        pacer.begin(1000, 0);

        assertThat(pacer.turn(0, 1000 + 1, MS)).isEqualTo(Turn.BUSY);
        assertThat(pacer.turn(ZeroFillPacer.HEADROOM - 1, 1000 + 2, 2 * MS)).isEqualTo(Turn.BUSY);
        assertThat(pacer.turn(ZeroFillPacer.HEADROOM + 4, 1000 + 2, 3 * MS)).isEqualTo(Turn.WAIT);
        // The journal writes 3 MiB more: the fill may run 6 MiB further.
        assertThat(pacer.turn(ZeroFillPacer.HEADROOM + 6 * MIB - 1, 1000 + 3 * MIB, 4 * MS))
                .isEqualTo(Turn.BUSY);
        assertThat(pacer.turn(ZeroFillPacer.HEADROOM + 6 * MIB, 1000 + 3 * MIB, 5 * MS))
                .isEqualTo(Turn.WAIT);
    }

    @Test
    void aJournalThatWroteNothingForFiveMillisecondsIsIdleAndTheFillRunsFlatOut() {
        ZeroFillPacer pacer = new ZeroFillPacer(() -> 0L);
        pacer.begin(0, 0);

        assertThat(pacer.turn(64 * MIB, 0, 4 * MS)).isEqualTo(Turn.WAIT);
        assertThat(pacer.turn(64 * MIB, 0, 5 * MS)).isEqualTo(Turn.IDLE);
        // It writes again: paced again.
        assertThat(pacer.turn(64 * MIB, 100, 6 * MS)).isEqualTo(Turn.WAIT);
        assertThat(pacer.turn(MIB, 200, 7 * MS)).isEqualTo(Turn.BUSY);
    }

    @Test
    void aWriterWaitingForTheSpareReleasesAFillThatWasWaiting() throws Exception {
        AtomicLong journal = new AtomicLong();
        ZeroFillPacer pacer = new ZeroFillPacer(journal::incrementAndGet); // never idle: it moves on every look
        pacer.begin();
        CompletableFuture<Boolean> fill = fillWaitingItsTurn(pacer);
        assertThat(fill).isNotDone();

        pacer.hurry();

        assertThat(fill.get(10, TimeUnit.SECONDS)).as("forces what it writes").isTrue();
    }

    @Test
    void closingTheStoreEndsAFillThatWasWaiting() {
        AtomicLong journal = new AtomicLong();
        ZeroFillPacer pacer = new ZeroFillPacer(journal::incrementAndGet);
        pacer.begin();
        CompletableFuture<Boolean> fill = fillWaitingItsTurn(pacer);

        pacer.stop();

        assertThatThrownBy(() -> fill.get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(InterruptedIOException.class)
                .hasRootCauseMessage("store closing: spare segment not completed");
    }

    /** A fill of a whole segment asking for its turn on another thread. */
    private static CompletableFuture<Boolean> fillWaitingItsTurn(ZeroFillPacer pacer) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pacer.awaitTurn(64 * MIB);
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
