package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.noCompaction;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment file that goes missing (deleted by hand, lost by the file system) took acknowledged messages with it.
 * Recovery read what was left and reported "0 damaged spans"; now the journal's manifest says which segments should be
 * there, and the store refuses to open without a listed one unless told to accept the loss (docs/store.md,
 * "Manifest").
 */
class MissingSegmentTest {
    @TempDir
    Path dir;

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void aMissingSegmentStopsTheStoreFromOpeningAndNamesTheFile() throws Exception {
        try (Store s = open(dir, noCompaction())) {
            await(s.createQueue(1, new byte[0]));
            addRange(s, 1, 1, 600); // ~140 KiB of adds: three 64 KiB segments
        }
        List<Path> segs = segments();
        assertThat(segs).hasSizeGreaterThanOrEqualTo(3);
        Path lost = segs.get(1);
        Files.delete(lost);

        assertThatThrownBy(() -> Store.open(dir, noCompaction()))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining(lost.getFileName() + " (missing)")
                .hasMessageContaining("--accept-journal-damage");
        // Refused again, and nothing was changed by the refusal.
        assertThat(segments()).hasSize(segs.size() - 1);
        assertThatThrownBy(() -> Store.open(dir, noCompaction())).isInstanceOf(JournalDamagedException.class);

        // Told to accept the loss: the rest is recovered, the loss is reported, and the next start is clean.
        List<Long> kept;
        try (Store s =
                open(dir, noCompaction().toBuilder().acceptJournalDamage(true).build())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).singleElement().satisfies(d -> {
                assertThat(d.segment()).isEqualTo(lost);
                assertThat(d.reason()).contains("segment file missing");
            });
            kept = ids(r.queue(1));
            assertThat(kept).isNotEmpty().hasSizeLessThan(600).startsWith(1L);
        }
        try (Store s = open(dir, noCompaction())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).isEmpty();
            assertThat(ids(r.queue(1))).isEqualTo(kept);
        }
    }

    @Test
    void segmentsRemovedOnPurposeAreNotTakenForMissingOnes() throws Exception {
        // Retirement and compaction delete or recycle segment files; restarts in between must not count them lost.
        for (int round = 0; round < 3; round++) {
            try (Store s = open(dir, small())) {
                s.takeRecoveredState();
                long q = 10 + round;
                await(s.createQueue(q, new byte[0]));
                // Ids of their own each round: a removed id may still be in the store until its remove is applied.
                long first = round * 10_000L + 1;
                List<java.util.concurrent.CompletableFuture<Void>> removes = new java.util.ArrayList<>();
                for (long id : addRange(s, q, first, first + 1499)) {
                    removes.add(s.removeMessage(q, id));
                }
                TestData.awaitAll(removes);
                await(s.compact());
                assertThat(s.stats().compactions())
                        .as("round %d compacted or retired", round)
                        .isPositive();
            }
            try (Store s = open(dir, small())) {
                assertThat(s.takeRecoveredState().damage())
                        .as("round %d", round)
                        .isEmpty();
            }
        }
    }

    @Test
    void anUnreadableManifestIsWrittenAgainAndTheStoreOpens() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            addRange(s, 1, 1, 10);
        }
        Files.write(dir.resolve(Manifest.FILE), new byte[] {1, 2, 3});
        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queue(1))).hasSize(10);
        }
        assertThat(Manifest.read(dir).ids()).isNotEmpty();
    }

    /**
     * Message ids never go back: once every message was consumed and compaction removed their records, recovery found
     * no id on disk and the next message got id 1 again (a journal with two messages of one id could bring a consumed
     * one back). The manifest keeps the highest id taken.
     */
    @Test
    void messageIdsNeverGoBackOnceEveryRecordIsCompactedAway() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            TestData.addThenRemoveAll(s, 1, 1500);
            await(s.compact());
            assertThat(s.stats().liveMessages()).isZero();
        }
        try (Store s = open(dir, small())) {
            assertThat(s.nextMessageId()).isGreaterThan(1500);
        }
    }
}
