package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GiB message (less 1 MiB, see {@link #SIZE}) streamed through Artemis by a client whose heap is
 * capped (256 MiB by default, {@code -Dclient.stream.heap}): the client runs in a JVM of its own,
 * so its heap limit is real, and checks every byte that comes back. Artemis runs in another JVM
 * with a heap larger than the message ({@link ArtemisMain}), under G1: Artemis reads the finished message into
 * one array, and the Serial collector the JVM picks on one CPU keeps a third of the heap for the young generation,
 * so the 2 GiB array did not fit and Artemis ran out of heap (it now exits then, and the child fails at once).
 */
class LargeStreamIT {
    private static String tail(Path file, int count) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * 2 GiB less 1 MiB: the largest round size Artemis 2.55 takes. It reads a finished AMQP large
     * message into one byte array, so it refuses one whose encoding passes 2^31 - 1 bytes ("AMQP
     * Large Message Body is too large to be read into memory"); 2^31 body bytes plus the data
     * sections' headers do.
     */
    private static final long SIZE = Long.getLong("client.stream.size", 2L * 1024 * 1024 * 1024 - 1024 * 1024);

    @TempDir
    Path dir;

    @Test
    void twoGibibytesThroughArtemisWithASmallHeap() throws Exception {
        String heap = System.getProperty("client.stream.heap", "256m");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process artemis = new ProcessBuilder(List.of(java, "-Xmx3g", "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError", "-Dio.netty.noUnsafe=false", "-cp", cp,
                ArtemisMain.class.getName(), dir.resolve("artemis").toString()))
                .redirectError(dir.resolve("artemis.log").toFile()).start();
        try {
            BufferedReader ready = new BufferedReader(new InputStreamReader(artemis.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = ready.readLine()) != null && !line.startsWith("ready ")) {
                // Artemis's own output
            }
            assertThat(line).as("Artemis started").isNotNull();
            String uri = "amqp://127.0.0.1:" + line.substring("ready ".length()).trim();
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                    "-cp", cp, LargeStreamMain.class.getName(), uri, "large-stream", Long.toString(SIZE)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = child.waitFor(8, TimeUnit.MINUTES);
            if (!done) {
                child.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String output = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            assertThat(done).as("the child finished within 8 minutes:%n%s", output).isTrue();
            assertThat(child.exitValue()).as("child output:%n%s%nArtemis's last lines:%n%s", output,
                    tail(dir.resolve("artemis.log"), 20)).isZero();
            Matcher m = Pattern.compile("bytes=(\\d+) .*crcMatch=true").matcher(output);
            assertThat(m.find()).as(output).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(SIZE);
            System.out.println("LargeStreamIT (heap " + heap + "): " + output.lines()
                    .filter(l -> l.startsWith("bytes=")).findFirst().orElse(""));
        } finally {
            artemis.getOutputStream().close();
            if (!artemis.waitFor(60, TimeUnit.SECONDS)) {
                artemis.destroyForcibly();
            }
        }
    }
}
