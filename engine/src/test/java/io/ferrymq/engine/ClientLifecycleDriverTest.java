package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import org.junit.jupiter.api.Test;

/** The engine as a client, against Qpid's scripted peer: open, begin, attach, detach, end, close. */
class ClientLifecycleDriverTest {

    @Test
    void opensWithItsSettingsAndReadsThePeers() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions()
                .containerId("c-1")
                .hostname("broker.example")
                .maxFrameSize(65536)
                .channelMax(15)
                .idleTimeoutMillis(20000)
                .offeredCapabilities(Symbol.valueOf("ANONYMOUS-RELAY")))) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen()
                    .withContainerId("c-1")
                    .withHostname("broker.example")
                    .withMaxFrameSize(65536)
                    .withChannelMax(15)
                    .withIdleTimeOut(10000)
                    .withOfferedCapabilities("ANONYMOUS-RELAY")
                    .respond()
                    .withContainerId("driver")
                    .withOfferedCapabilities("SHARED-SUBS");
            h.engine.connection().open();
            h.verify();
            assertThat(h.events.events).containsExactly("open");
            assertThat(h.engine.connection().remoteContainerId()).isEqualTo("driver");
            assertThat(h.engine.connection().remoteOffers(Symbol.valueOf("SHARED-SUBS")))
                    .isTrue();
        }
    }

    @Test
    void pipelinesOpenBeginAndAttachBeforeHearingBack() {
        try (DriverHarness h = DriverHarness.client()) {
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.expectBegin();
            h.peer.expectAttach().ofReceiver().withName("r").withSource().withAddress("q");
            h.peer.expectFlow().withLinkCredit(5).withHandle(0);
            h.engine.connection().open();
            Session s = h.engine.connection().session();
            s.begin();
            Receiver r = s.receiver("r");
            r.source(new Source().address("q")).target(new Target());
            r.attach();
            r.flow(5);
            h.verify();
        }
    }

    @Test
    void attachesDetachesEndsAndCloses() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach()
                    .ofSender()
                    .withName("s")
                    .withHandle(0)
                    .withTarget()
                    .withAddress("queue")
                    .and()
                    .respond();
            Sender sender = s.sender("s");
            sender.source(new Source()).target(new Target().address("queue"));
            sender.attach();
            h.verify();
            assertThat(sender.remoteState()).isEqualTo(EndpointState.ACTIVE);

            h.peer.expectDetach().withHandle(0).withClosed(true).respond();
            sender.close();
            h.verify();
            assertThat(sender.remoteState()).isEqualTo(EndpointState.CLOSED);

            h.peer.expectEnd().respond();
            s.end();
            h.verify();
            assertThat(s.remoteState()).isEqualTo(EndpointState.CLOSED);

            h.peer.expectClose().respond();
            h.engine.connection().close();
            h.verify();
            assertThat(h.engine.isFinished()).isTrue();
        }
    }

    @Test
    void peerClosesWithAnError() {
        try (DriverHarness h = DriverHarness.client()) {
            h.openSession();
            h.peer.remoteClose()
                    .withErrorCondition("amqp:connection:forced", "shutting down")
                    .now();
            assertThat(h.events.events).contains("close");
            assertThat(h.engine.connection().remoteError().condition())
                    .isEqualTo(Symbol.valueOf("amqp:connection:forced"));
            h.peer.expectClose();
            h.engine.connection().close();
            h.verify();
            assertThat(h.engine.isFinished()).isTrue();
        }
    }

    @Test
    void peerRefusesAnAttachWithAnError() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond().withNullSource();
            h.peer.remoteDetach()
                    .withClosed(true)
                    .withErrorCondition("amqp:not-found", "no such queue")
                    .queue();
            Receiver r = s.receiver("r");
            r.source(new Source().address("missing")).target(new Target());
            r.attach();
            h.verify();
            assertThat(h.events.events).contains("detach:r");
            ErrorCondition error = r.remoteError();
            assertThat(error.condition()).isEqualTo(Symbol.valueOf("amqp:not-found"));
            assertThat(error.description()).isEqualTo("no such queue");
        }
    }
}
