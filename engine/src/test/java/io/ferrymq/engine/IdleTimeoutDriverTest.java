package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.transport.AmqpError;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Heartbeats and the idle timeout ({@code transport.xml#doc-idle-time-out}), driven by told time. */
class IdleTimeoutDriverTest {

    @Test
    void sendsHeartbeatsAtHalfThePeersTimeout() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions().idleTimeoutMillis(0))) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen().respond().withIdleTimeOut(1000);
            h.engine.connection().open();
            h.verify();
            long next = h.engine.tick(10_000);
            assertThat(next).isEqualTo(10_500);
            assertThat(h.engine.tick(10_400)).isEqualTo(10_500);
            h.pump();
            h.peer.expectEmptyFrame();
            assertThat(h.engine.tick(10_500)).isEqualTo(11_000);
            h.verify();
            assertThat(h.peer.getEmptyFrameCount()).isEqualTo(1);
        }
    }

    @Test
    void otherOutputCountsAsAHeartbeat() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions().idleTimeoutMillis(0))) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen().respond().withIdleTimeOut(1000);
            h.engine.connection().open();
            h.verify();
            h.engine.tick(0);
            h.peer.expectBegin().respond();
            h.engine.connection().session().begin();
            h.verify();
            // The begin went out between 0 and 400: no heartbeat is due at 400.
            assertThat(h.engine.tick(400)).isEqualTo(900);
            h.verify();
            assertThat(h.peer.getEmptyFrameCount()).isZero();
        }
    }

    @Test
    void advertisesHalfItsTimeoutAndClosesWhenThePeerIsSilent() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions().idleTimeoutMillis(2000))) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen().withIdleTimeOut(1000).respond();
            h.engine.connection().open();
            h.verify();
            assertThat(h.engine.tick(0)).isEqualTo(2000);
            // The peer's heartbeat at 1500 keeps the connection alive.
            h.peer.remoteEmptyFrame().now();
            assertThat(h.engine.tick(1500)).isEqualTo(3500);
            h.peer.expectClose()
                    .withError(
                            AmqpError.RESOURCE_LIMIT_EXCEEDED.toString(),
                            Matchers.containsString("local-idle-timeout expired"));
            assertThat(h.engine.tick(3500)).isZero();
            h.verify();
            assertThat(h.engine.failure().condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
        }
    }
}
