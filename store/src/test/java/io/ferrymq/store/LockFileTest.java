package io.ferrymq.store;

import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.testsupport.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    @TempDir
    Path dir;

    @Test
    void aSecondOpenerInTheSameProcessIsRefusedWithTheDirectoryNamed() throws Exception {
        try (Store s = open(dir, small())) {
            assertThatThrownBy(() -> Store.open(dir, small()))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("already open in this process");
            await(s.createQueue(1, new byte[0]));
        }
        // Released on close: the next opener gets it.
        try (Store s = open(dir, small())) {
            assertThat(s.takeRecoveredState().queues()).hasSize(1);
        }
    }

    @Test
    void aStoreInAnotherProcessIsNamedByPidAndItsDeathReleasesTheLock() throws Exception {
        try (ChildJvm child = ChildJvm.start(LockHolder.class, dir.toString())) {
            String line = child.nextLine(Duration.ofSeconds(60));
            assertThat(line).startsWith("OPEN ");
            assertThatThrownBy(() -> Store.open(dir, small()))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("pid " + child.pid());
            child.kill();
        }
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.addMessage(1, body(1, 10), 1));
        }
    }
}
