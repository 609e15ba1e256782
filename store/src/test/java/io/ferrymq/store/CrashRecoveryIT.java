package io.ferrymq.store;

import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.sizeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM appends durable records from several threads and prints each id once its append
 * completed; the test kills it with SIGKILL at a random moment, recovers the directory and checks that every
 * completed add is there, in order, with intact bytes, that no completed remove came back, and that nothing appears
 * that was never submitted. Rounds accumulate on one directory, so recovery also runs over earlier recoveries,
 * segment rolls and compactions cut short. Rounds: system property {@code ferry.crash.rounds} (20 in CI; the Maven
 * profile {@code crash-long} runs 300).
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    @TempDir
    Path scratch;

    /** What the child's output says about one queue. */
    private static final class Model {
        final Set<Long> mustHave = new LinkedHashSet<>();
        final Set<Long> maybe = new HashSet<>();
        final Set<Long> removed = new HashSet<>();
        final Map<Long, Integer> deliveryCounts = new HashMap<>();
    }

    /** Every line about an id, by round: printed when a check about that id fails. */
    private final Map<Long, StringBuilder> history = new HashMap<>();

    private int round;
    /** Segment files made from reused ones that the kills left behind, over all rounds. */
    private int recycledSeen;
    /** Segments retired unread: the most the child of each round reported, and each pass between rounds, summed. */
    private long retiredThisRound;

    private long retiredUnread;
    private String childStderr = "";
    private final StringBuilder roundLog = new StringBuilder();

    @Test
    void everyCompletedAppendSurvivesSigkill() throws Exception {
        int rounds = Integer.getInteger("ferry.crash.rounds", 20);
        Random rnd = new Random(Long.getLong("ferry.crash.seed", System.nanoTime()));
        Map<Long, Model> models = new HashMap<>();
        for (long q = 1; q <= CrashAppender.THREADS; q++) {
            models.put(q, new Model());
        }
        long totalLines = 0;
        for (round = 1; round <= rounds; round++) {
            // Odd rounds plain (no transactions, consumers keep up: segments empty and are retired unread), longer so
            // that the writer moves through a few segments; even rounds with transactions and a growing backlog.
            boolean plain = round % 2 == 1;
            int killAfter = plain ? 500 + rnd.nextInt(2500) : 20 + rnd.nextInt(800);
            Path lines = scratch.resolve("round-" + round + ".lines");
            retiredThisRound = 0;
            try (ChildJvm child = ChildJvm.start(
                    CrashAppender.class,
                    dir.toString(),
                    String.valueOf(rnd.nextLong()),
                    lines.toString(),
                    plain ? "plain" : "tx")) {
                child.awaitLine("RECOVERED"::equals, Duration.ofMinutes(1));
                int[] seen = {0};
                child.awaitLine(l -> ++seen[0] >= killAfter, Duration.ofMinutes(1));
                child.kill();
                childStderr = child.stderr();
            }
            // What the child reported before it died, from the file each line was written to before it went on.
            for (String l : java.nio.file.Files.readAllLines(lines)) {
                apply(models, l);
                totalLines++;
            }
            java.nio.file.Files.delete(lines);
            retiredUnread += retiredThisRound;
            verify(models, round);
        }
        System.out.printf(
                "CrashRecoveryIT: %d kill rounds, %d completed-append lines checked, %d reused segments "
                        + "recovered, %d segments retired unread (by the children and between rounds)%n",
                rounds, totalLines, recycledSeen, retiredUnread);
        assertThat(recycledSeen)
                .as("the kills hit journals holding reused segments")
                .isPositive();
        assertThat(retiredUnread)
                .as("segments were retired unread in the journals the kills hit")
                .isPositive();
    }

    private void apply(Map<Long, Model> models, String line) {
        String[] f = line.split(" ");
        if (f.length == 2 && f[0].equals("U")) {
            retiredThisRound = Math.max(retiredThisRound, Long.parseLong(f[1]));
            return;
        }
        if (f.length < 3 || !models.containsKey(Long.parseLong(f[1]))) {
            return; // a line cut by the kill
        }
        roundLog.append(line).append('\n');
        history.computeIfAbsent(Long.parseLong(f[2]), k -> new StringBuilder())
                .append("round ")
                .append(round)
                .append(": ")
                .append(line)
                .append('\n');
        Model m = models.get(Long.parseLong(f[1]));
        long id = Long.parseLong(f[2]);
        switch (f[0]) {
            case "a", "x", "L" -> m.maybe.add(id);
            case "A" -> {
                m.mustHave.add(id);
                m.maybe.remove(id);
            }
            case "R" -> {
                m.mustHave.remove(id);
                m.maybe.remove(id);
                m.removed.add(id);
            }
            case "D" -> {
                if (f.length == 4) {
                    m.deliveryCounts.put(id, Integer.parseInt(f[3]));
                }
            }
            default -> {}
        }
        if (f[0].equals("x") || f[0].equals("L")) {
            m.mustHave.remove(id);
        }
    }

    private void verify(Map<Long, Model> models, int round) throws Exception {
        snapshot(round);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(SegmentFiles.SUFFIX))
                    .toList()) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
                    java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(SegmentHeader.SIZE);
                    ch.read(h, 0);
                    recycledSeen += SegmentHeader.decode(h.flip()).recycled() ? 1 : 0;
                }
            }
        }
        java.nio.file.Files.writeString(Path.of("target", "crash-snapshots", "round-" + round + ".log"), roundLog);
        roundLog.setLength(0);
        try (Store s = Store.open(dir, CrashAppender.options())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).as("round %d", round).allMatch(JournalDamage::tornTail);
            for (Map.Entry<Long, Model> e : models.entrySet()) {
                long q = e.getKey();
                Model m = e.getValue();
                RecoveredQueue rq = r.queue(q);
                assertThat(rq).as("round %d queue %d", round, q).isNotNull();
                List<Long> got = TestData.ids(rq);
                assertThat(got)
                        .as("round %d queue %d in order", round, q)
                        .isSorted()
                        .doesNotHaveDuplicates();
                for (long id : m.mustHave) {
                    assertThat(got)
                            .as(
                                    "round %d queue %d has completed add %d; its history:%n%s%nchild stderr:%n%s",
                                    round, q, id, history.get(id), childStderr)
                            .contains(id);
                }
                for (long id : got) {
                    assertThat(m.mustHave.contains(id) || m.maybe.contains(id))
                            .as(
                                    "round %d queue %d: message %d was never submitted or was removed; history:%n%s",
                                    round, q, id, history.get(id))
                            .isTrue();
                    assertThat(m.removed).as("round %d queue %d", round, q).doesNotContain(id);
                }
                for (int i = 0; i < got.size(); i++) {
                    long id = got.get(i);
                    assertBody(s.read(id), id, sizeOf(id));
                    Integer count = m.deliveryCounts.get(id);
                    if (count != null) {
                        assertThat(rq.deliveryCounts()[i])
                                .as("delivery count of %d", id)
                                .isGreaterThanOrEqualTo(count);
                    }
                }
                // The recovered queue is the truth the next round starts from.
                m.mustHave.clear();
                m.mustHave.addAll(got);
                m.maybe.clear();
            }
            // A compaction pass between the rounds, as a restart's would run: what it retires unread (or compacts)
            // is checked by the next round's recovery.
            TestData.await(s.compact());
            retiredUnread += s.stats().retiredUnread();
        }
    }

    /** Keeps copies of the directory as the last two rounds left it, for a look after a failure. */
    private void snapshot(int round) throws java.io.IOException {
        Path base = Path.of("target", "crash-snapshots");
        Path to = base.resolve("round-" + round);
        deleteTree(base.resolve("round-" + (round - 2)));
        java.nio.file.Files.deleteIfExists(base.resolve("round-" + (round - 2) + ".log"));
        deleteTree(to);
        java.nio.file.Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path p : files.toList()) {
                java.nio.file.Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (java.nio.file.Files.exists(p)) {
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(p)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
    }
}
