package io.ferrymq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry broker} as a process of its own. */
class BrokerCommandIT {
    /** SIGTERM stops the broker cleanly, and a clean stop exits with status 0 (docs/broker.md). */
    @Test
    void aSigtermStopsTheBrokerCleanlyWithStatusZero(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "broker", "--port", "0",
                "--data", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Ferry broker ready on port(s)")) {
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime() - deadline).as("waited for the broker to start").isNegative();
                LockSupport.parkNanos(20_000_000);
            }
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker stopped").isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Ferry broker stopping", "broker ferry stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    /** A data directory that cannot be used: the broker exits saying which file and why. */
    @Test
    void anUnusableDataDirectoryIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "broker", "--port", "0",
                "--data", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker gave up").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("ferry broker: cannot start: " + file)
                .containsPattern("cannot start: \\S+: [a-z].*\\(check --data");
    }
}
