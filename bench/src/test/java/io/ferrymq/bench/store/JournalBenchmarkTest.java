package io.ferrymq.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the journal benchmark harness for a moment, to keep it working; the numbers are not judged here. */
class JournalBenchmarkTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalAppendRun.Workload.class)
    void harnessMeasuresFerryAndTheRawLoopAndPrintsATable(JournalAppendRun.Workload workload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<JournalBenchmark.Row> rows = JournalBenchmark.run(
                dir,
                io.ferrymq.store.StoreOptions.defaults(),
                JournalAppendRun.Mode.CHAINED,
                workload,
                0.2,
                0.3,
                2,
                new int[] {1, 4},
                new int[] {100},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(rows).hasSize(2);
        for (JournalBenchmark.Row r : rows) {
            assertThat(r.ferry().appends()).isPositive();
            assertThat(r.ferry().forces()).isPositive();
            assertThat(r.raw().forces()).isPositive();
            assertThat(r.ratio()).isPositive();
        }
        // One appender waiting for each append: one force per append, no hidden batching delay.
        assertThat(rows.get(0).ferry().appendsPerForce()).isBetween(0.9, 1.1);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .contains("workload " + workload)
                .contains("| appenders |")
                .contains("| 1 | 100 B |")
                .contains("| 4 | 100 B |");
    }
}
