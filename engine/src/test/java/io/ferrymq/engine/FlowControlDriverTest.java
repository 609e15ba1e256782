package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Link credit, drain, echo and the session window, against Qpid's scripted peer. */
class FlowControlDriverTest {

    private static Sender sender(DriverHarness h, Session s) {
        h.peer.expectAttach().ofSender().respond();
        Sender sender = s.sender("s");
        sender.source(new Source()).target(new Target().address("q"));
        sender.attach();
        h.verify();
        return sender;
    }

    @Test
    void creditFollowsTheReceiversDeliveryCount() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = sender(h, h.openSession());
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(0)
                    .withLinkCredit(3)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            assertThat(sender.credit()).isEqualTo(3);
            h.peer.expectTransfer();
            h.peer.expectTransfer();
            sender.send(null, Unpooled.wrappedBuffer(new byte[1]), true);
            sender.send(null, Unpooled.wrappedBuffer(new byte[1]), true);
            h.verify();
            assertThat(sender.credit()).isEqualTo(1);
            // The receiver saw both and grants 5 more from its delivery-count of 2: credit 5.
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(2)
                    .withLinkCredit(5)
                    .withIncomingWindow(100)
                    .withNextIncomingId(2)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            assertThat(sender.credit()).isEqualTo(5);
            // A flow that is stale (delivery-count 1, credit 1) leaves no credit rather than a negative.
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(0)
                    .withLinkCredit(1)
                    .withIncomingWindow(100)
                    .withNextIncomingId(2)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            assertThat(sender.credit()).isZero();
        }
    }

    @Test
    void deliveryCountWrapsAroundWithoutLosingCredit() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond().withInitialDeliveryCount(0xffff_fffeL);
            h.peer.expectFlow().withDeliveryCount(0xffff_fffeL).withLinkCredit(4);
            Receiver r = s.receiver("r");
            r.source(new Source().address("q")).target(new Target());
            r.attach();
            h.pump();
            r.flow(4);
            h.verify();
            for (int i = 0; i < 3; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[1])
                        .now();
            }
            assertThat(r.deliveryCount()).isEqualTo(1);
            assertThat(r.credit()).isEqualTo(1);
            // The sender drains: it reports delivery-count 2 (it used the last credit up).
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(2)
                    .withLinkCredit(0)
                    .withDrain(true)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(4)
                    .withOutgoingWindow(100)
                    .now();
            assertThat(r.deliveryCount()).isEqualTo(2);
            assertThat(r.credit()).isZero();
        }
    }

    @Test
    void answersADrainRequestOnceNothingIsLeftToSend() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = sender(h, h.openSession());
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(0)
                    .withLinkCredit(10)
                    .withDrain(true)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            assertThat(sender.draining()).isTrue();
            assertThat(h.events.events).contains("flow:s");
            h.peer.expectTransfer();
            sender.send(null, Unpooled.wrappedBuffer(new byte[1]), true);
            h.verify();
            // Credit left: 9. The drain uses it up: delivery-count 1 + 9 = 10, credit 0.
            h.peer.expectFlow()
                    .withHandle(0)
                    .withDeliveryCount(10)
                    .withLinkCredit(0)
                    .withDrain(true);
            sender.drained();
            h.verify();
            assertThat(sender.credit()).isZero();
            assertThat(sender.draining()).isFalse();
        }
    }

    @Test
    void aReceiverAsksToDrainAndHearsTheAnswer() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond();
            h.peer.expectFlow().withLinkCredit(7).withDrain(true);
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(7)
                    .withLinkCredit(0)
                    .withDrain(true)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .queue();
            Receiver r = s.receiver("r");
            r.source(new Source().address("q")).target(new Target());
            r.attach();
            r.drain(7);
            h.verify();
            assertThat(r.credit()).isZero();
            assertThat(r.draining()).isFalse();
            assertThat(h.events.events).contains("flow:r");
        }
    }

    @Test
    void echoesItsFlowStateWhenAsked() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = sender(h, h.openSession());
            h.peer.expectFlow().withHandle(0).withLinkCredit(2).withDeliveryCount(0);
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(0)
                    .withLinkCredit(2)
                    .withEcho(true)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            h.verify();
            assertThat(sender.credit()).isEqualTo(2);
            h.peer.expectFlow().withNextIncomingId(1).withIncomingWindow(64);
            h.peer.remoteFlow()
                    .withEcho(true)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            h.verify();
        }
    }

    @Test
    void waitsForThePeersSessionWindowBeforeSendingMore() {
        try (DriverHarness h = DriverHarness.client()) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen().respond();
            h.peer.expectBegin().respond().withIncomingWindow(2);
            h.engine.connection().open();
            Session s = h.engine.connection().session();
            s.begin();
            h.verify();
            Sender sender = sender(h, s);
            h.peer.remoteFlow()
                    .withHandle(0)
                    .withDeliveryCount(0)
                    .withLinkCredit(10)
                    .withIncomingWindow(2)
                    .withNextIncomingId(0)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            h.peer.expectTransfer().withDeliveryId(0);
            h.peer.expectTransfer().withDeliveryId(1);
            for (int i = 0; i < 3; i++) {
                sender.send(null, Unpooled.wrappedBuffer(new byte[1]), true);
            }
            h.verify();
            assertThat(s.remoteIncomingWindow()).isZero();
            // The peer takes the two and opens its window: the third goes.
            h.peer.expectTransfer().withDeliveryId(2);
            h.peer.remoteFlow()
                    .withIncomingWindow(5)
                    .withNextIncomingId(2)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(100)
                    .now();
            h.verify();
            assertThat(s.remoteIncomingWindow()).isEqualTo(4);
        }
    }

    @Test
    void reopensItsWindowAsTheApplicationTakesPayload() {
        // 1 KiB frames, 4 KiB capacity: a window of four transfers, reopened as payload is taken.
        EngineOptions options = new EngineOptions().maxFrameSize(1024).sessionIncomingCapacity(4096);
        try (DriverHarness h = DriverHarness.client(options)) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond();
            h.peer.expectFlow().withIncomingWindow(4).withLinkCredit(100);
            Receiver r = s.receiver("r");
            r.source(new Source().address("q")).target(new Target());
            r.attach();
            r.flow(100);
            h.verify();
            for (int i = 0; i < 3; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[900])
                        .now();
            }
            h.pump();
            // Nothing taken yet: 2700 unread bytes leave room for one frame; no flow was needed.
            // The driver numbers its transfers from 1: three transfers later it expects 4.
            h.peer.expectFlow().withIncomingWindow(4).withNextIncomingId(4);
            for (Delivery d : h.events.deliveries) {
                d.takePayload().release();
            }
            h.verify();
        }
    }

    /**
     * A lower incoming capacity stops the session window being opened again, but a flow sent afterwards (a link's
     * credit) must not shrink the window the peer already has: transfers it sends within it are taken, not a
     * window-violation (transport.xml#doc-session-flow-control).
     */
    @Test
    void aLoweredCapacityNeverShrinksTheWindowThePeerHas() {
        try (DriverHarness h = DriverHarness.client(
                new EngineOptions().containerId("c").maxFrameSize(1024).sessionIncomingCapacity(8 * 1024))) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond();
            h.peer.expectFlow().withLinkCredit(10).withIncomingWindow(8);
            Receiver r = s.receiver("r");
            r.source(new Source().address("q")).target(new Target());
            r.attach();
            r.flow(10);
            h.verify();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {0})
                    .withPayload(new byte[1])
                    .now();
            s.incomingCapacity(1);
            h.peer.expectFlow().withLinkCredit(5).withIncomingWindow(7);
            r.flow(5);
            h.verify();
            for (int i = 1; i < 8; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[1])
                        .now();
            }
            assertThat(s.localState()).isEqualTo(EndpointState.ACTIVE);
            assertThat(s.incomingWindow()).isZero();
            h.peer.expectEnd().withError("amqp:session:window-violation", org.hamcrest.Matchers.any(String.class));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(8)
                    .withDeliveryTag(new byte[] {8})
                    .withPayload(new byte[1])
                    .now();
            h.verify();
        }
    }
}
