package io.ferrymq.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the engine benchmark's operations outside JMH, a few thousand times, with frames counted
 * and an allocator that tracks the bytes in use: every delivery must arrive and be settled at
 * both ends, the frames must be what the benchmark says, and nothing may be left behind.
 */
class EngineBenchmarksSmokeTest {
    private static final int OPS = 5_000;

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private EngineBenchmarks bench;

    @BeforeEach
    void setUp() {
        bench = new EngineBenchmarks();
        bench.allocator = allocator;
        bench.setUp();
        bench.countFrames = true;
    }

    @AfterEach
    void tearDown() {
        bench.tearDown();
        assertThat(allocator.metric().usedHeapMemory())
                .as("bytes in use after the connection closed")
                .isZero();
    }

    /**
     * Every delivery arrived and was settled at both ends; each went to the server in one
     * transfer frame; at most {@code framesBack} frames came back; nothing is held.
     */
    private void assertAllSettled(String benchmark, long framesBack) {
        assertThat(bench.received).isEqualTo(OPS);
        assertThat(bench.settled).isEqualTo(OPS);
        assertThat(bench.framesToServer).isEqualTo(OPS);
        assertThat(bench.framesToClient).isLessThanOrEqualTo(framesBack);
        assertThat(bench.clientSession.outgoingUnsettled()).isZero();
        assertThat(bench.receiver.session().incomingUnsettled()).isZero();
        assertThat(bench.heldCount).isZero();
        assertThat(bench.client.hasOutput() || bench.server.hasOutput()).isFalse();
        assertThat(bench.client.inputBuffered() + bench.server.inputBuffered()).isZero();
        assertThat(allocator.metric().usedHeapMemory())
                .as("bytes in use between operations")
                .isZero();
        System.out.printf(
                "%s: %d deliveries, %d frames to the server, %d back, %d bytes%n",
                benchmark, OPS, bench.framesToServer, bench.framesToClient, bench.bytesMoved);
    }

    @Test
    void transferAndDisposition() {
        for (int i = 0; i < OPS; i++) {
            assertThat(bench.transferAndDisposition()).isEqualTo(i + 1);
        }
        // A disposition per delivery; besides, only the server's flows (window and credit), a few per hundred.
        assertThat(bench.framesToClient).isGreaterThanOrEqualTo(OPS);
        assertAllSettled("transferAndDisposition", OPS + OPS / 10);
    }

    @Test
    void batchThenRangedDisposition() {
        int batches = OPS / EngineBenchmarks.BATCH;
        for (int i = 0; i < batches; i++) {
            assertThat(bench.batchThenRangedDisposition()).isEqualTo((i + 1L) * EngineBenchmarks.BATCH);
        }
        // One ranged disposition per batch, and the flows.
        assertAllSettled("batchThenRangedDisposition", batches + OPS / 10);
    }
}
