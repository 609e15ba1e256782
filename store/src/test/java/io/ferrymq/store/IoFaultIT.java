package io.ferrymq.store;

import static io.ferrymq.store.TestData.assertBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.ChildJvm;
import io.ferrymq.testsupport.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real I/O error under the writer: the test lowers the child's file-size limit (RLIMIT_FSIZE, with util-linux
 * {@code prlimit}) while it appends, so the kernel fails writes past the limit (EFBIG) after writing part of a batch.
 * Appends in flight must fail with a clear error, nothing written before may be damaged, appends must succeed again
 * once the limit is lifted, and recovery must find exactly the appends that completed.
 */
class IoFaultIT {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @TempDir
    Path scratch;

    private static void prlimit(long pid, String fsize) throws Exception {
        Command.Result prlimit = Command.of("prlimit", "--pid", String.valueOf(pid), "--fsize=" + fsize)
                .run(Duration.ofSeconds(30));
        assertThat(prlimit.exitCode()).as("prlimit: %s", prlimit.output()).isZero();
    }

    @Test
    void writeErrorsFailTheAppendsInFlightAndTheStoreRecoversWhenTheyStop() throws Exception {
        Path lines = scratch.resolve("lines");
        try (ChildJvm child = ChildJvm.start(FaultAppender.class, dir.toString(), lines.toString())) {
            child.awaitLine(l -> l.startsWith("READY"), MINUTE);
            child.awaitLine(l -> l.equals("A 100"), MINUTE);
            // The active segment is 1 MiB; 100 messages of 2 KB filled a fifth of it. Past 300 KB writes fail.
            prlimit(child.pid(), 300 * 1024 + ":unlimited"); // soft limit only: lifting it needs no privilege
            int[] failures = {0};
            child.awaitLine(l -> l.startsWith("F") && ++failures[0] >= 20, MINUTE);
            prlimit(child.pid(), "unlimited:unlimited");
            int[] after = {0};
            child.awaitLine(l -> l.startsWith("A") && ++after[0] >= 50, MINUTE);
            child.kill();
        }
        List<Long> completed = new ArrayList<>();
        Set<Long> failed = new HashSet<>();
        List<String> errors = new ArrayList<>();
        for (String l : java.nio.file.Files.readAllLines(lines)) {
            record(l, completed, failed, errors);
        }
        assertThat(failed).hasSizeGreaterThanOrEqualTo(20);
        assertThat(errors)
                .allSatisfy(e -> assertThat(e)
                        .startsWith("StoreFullException")
                        .contains("File too large")
                        .contains(dir.toString()));
        try (Store s = Store.open(dir, FaultAppender.options())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).allMatch(JournalDamage::tornTail);
            List<Long> got = TestData.ids(r.queue(1));
            assertThat(got).isSorted().containsAll(completed).doesNotContainAnyElementsOf(failed);
            // Beyond the completed ones, at most the append in flight at the kill.
            assertThat(got.size()).isBetween(completed.size(), completed.size() + 1);
            for (long id : got) {
                assertBody(s.read(id), id, 2000);
            }
        }
    }

    private static void record(String line, List<Long> completed, Set<Long> failed, List<String> errors) {
        String[] f = line.split(" ", 3);
        if (f[0].equals("A") && f.length == 2) {
            completed.add(Long.parseLong(f[1]));
        } else if (f[0].equals("F") && f.length == 3) {
            failed.add(Long.parseLong(f[1]));
            errors.add(f[2]);
        }
    }
}
