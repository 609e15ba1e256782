package io.ferrymq.store;

import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose thread dies on a defect: the append in hand fails, so do all later ones (the store can no longer
 * promise durability), close still returns, and the next open recovers what was durable before.
 */
class StoreFailureTest {
    @TempDir
    Path dir;

    @Test
    void aWriterKilledByADefectFailsItsAppendRefusesLaterOnesAndTheNextOpenRecoversWhatWasDurable() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.addMessage(1, body(1, 100), 1));
            assertThat(s.failure()).isNull();

            // A defect in the caller: a body released before the writer copies it. The copy throws on the writer's
            // thread, outside any I/O error handling.
            ByteBuf released = body(2, 100);
            released.release();
            CompletableFuture<Void> broken = s.addMessage(2, released, 1);
            Throwable brokenError = failure(broken);
            assertThat(brokenError)
                    .isInstanceOf(StoreIOException.class)
                    .hasMessageContaining("ferry-store-writer")
                    .hasMessageContaining("IllegalReferenceCount");
            assertThat(s.failure()).isSameAs(brokenError);

            Throwable later = failure(s.addMessage(3, body(3, 100), 1));
            assertThat(later).isSameAs(s.failure());
            assertThat(failure(s.removeMessage(1, 1))).isSameAs(s.failure());
        }
        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.queue(1).messageIds()).containsExactly(1L);
            assertThat(s.failure()).isNull();
            await(s.addMessage(4, body(4, 100), 1));
        }
    }

    private static Throwable failure(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the append succeeded");
    }
}
