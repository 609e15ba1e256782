package io.ferrymq.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the recovery benchmark on small journals, to keep it working; the times are not judged here. */
class RecoveryBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void harnessRecoversEachJournalShapeAndPrintsATable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<RecoveryBenchmark.Row> rows =
                RecoveryBenchmark.run(dir, 500, 100, 64 * 1024, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(rows)
                .extracting(RecoveryBenchmark.Row::journal)
                .containsExactly("backlog", "steady", "steady, 1,000 left");
        assertThat(rows).extracting(RecoveryBenchmark.Row::records).containsExactly(500L, 500L, 1000L);
        assertThat(rows).allSatisfy(r -> assertThat(r.diskBytes()).isPositive());
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("| journal | records |")
                .contains("| backlog | 500 |");
    }
}
