package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.ChildJvm;
import io.ferrymq.testsupport.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        try (ChildJvm artemis = ChildJvm.start(
                List.of("-Xmx3g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Dio.netty.noUnsafe=false"),
                ArtemisMain.class,
                dir.resolve("artemis").toString())) {
            String ready = artemis.awaitLine(l -> l.startsWith("ready "), Duration.ofMinutes(2));
            String uri =
                    "amqp://127.0.0.1:" + ready.substring("ready ".length()).trim();
            Command.Result child = Command.javaMain(
                            List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"),
                            LargeStreamMain.class.getName(),
                            uri,
                            "large-stream",
                            Long.toString(SIZE))
                    .run(Duration.ofMinutes(8));
            String output = child.output();
            assertThat(child.exitCode())
                    .as("child output:%n%s%nArtemis's last lines:%n%s", output, artemis.stderr())
                    .isZero();
            Matcher m = Pattern.compile("bytes=(\\d+) .*crcMatch=true").matcher(output);
            assertThat(m.find()).as(output).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(SIZE);
            System.out.println("LargeStreamIT (heap " + heap + "): "
                    + output.lines()
                            .filter(l -> l.startsWith("bytes="))
                            .findFirst()
                            .orElse(""));
            artemis.stopByClosingInput(Duration.ofSeconds(60));
        }
    }
}
