package io.ferrymq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ferry} launcher builds the command when its jar is missing or older than any source or build file of the
 * modules it is made of: after {@code git pull} it used to run, silently, the jar built first. {@code ferry
 * --build-state} says which it would do, without building (the jar is named by {@code FERRY_JAR} here, so the test
 * neither builds nor touches the real one).
 */
class LauncherIT {
    private static final Path LAUNCHER =
            Path.of(System.getProperty("user.dir")).getParent().resolve("ferry");

    private static String buildState(Path jar) throws Exception {
        Command.Result run = Command.of("bash", LAUNCHER.toString(), "--build-state")
                .env("FERRY_JAR", jar.toString())
                .env("JAVA_HOME", System.getProperty("java.home"))
                .run(Duration.ofSeconds(60));
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output().strip();
    }

    @Test
    void aJarOlderThanTheSourcesIsBuiltAgain(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("ferry.jar");
        assertThat(buildState(jar)).isEqualTo("stale: " + jar + " is not built yet");

        Files.writeString(jar, "a jar built long ago");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        assertThat(buildState(jar)).startsWith("stale: ").endsWith("is newer than " + jar);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2100-01-01T00:00:00Z")));
        assertThat(buildState(jar)).isEqualTo("up to date: " + jar);
    }
}
