package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker must hold a million durable 1 KiB messages with a 256 MiB heap: a child JVM with {@code -Xmx256m}
 * stores them, recovers them and reads some back. Fails with an OutOfMemoryError if the index or recovery needed
 * an object per message.
 */
class LargeBacklogIT {
    @TempDir
    Path dir;

    @Test
    void aMillionOneKibMessagesFitA256MibHeap() throws Exception {
        try (ChildJvm child = ChildJvm.start(
                List.of("-Xmx256m", "-XX:+UseSerialGC"), BacklogFiller.class, dir.toString(), "1000000")) {
            String ok = child.awaitLine(
                    l -> {
                        System.out.println("backlog child: " + l);
                        return l.startsWith("OK");
                    },
                    Duration.ofSeconds(170));
            assertThat(ok).startsWith("OK 1000000 ");
            assertThat(child.waitFor(Duration.ofSeconds(60))).as(child.stderr()).isZero();
        }
    }
}
