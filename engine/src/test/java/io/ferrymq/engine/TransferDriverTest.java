package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Deliveries in both directions against Qpid's scripted peer: framing, settlement, aborts, limits. */
class TransferDriverTest {

    private static Sender attachSender(DriverHarness h, Session s, int credit) {
        h.peer.expectAttach().ofSender().respond();
        h.peer.remoteFlow()
                .withLinkCredit(credit)
                .withDeliveryCount(0)
                .withIncomingWindow(1000)
                .withNextIncomingId(0)
                .withOutgoingWindow(1000)
                .withNextOutgoingId(1)
                .withHandle(0)
                .queue();
        Sender sender = s.sender("sender");
        sender.source(new Source()).target(new Target().address("q"));
        sender.attach();
        h.verify();
        return sender;
    }

    private static Receiver attachReceiver(DriverHarness h, Session s, int credit) {
        h.peer.expectAttach().ofReceiver().respond();
        h.peer.expectFlow().withLinkCredit(credit);
        Receiver receiver = s.receiver("receiver");
        receiver.source(new Source().address("q")).target(new Target());
        receiver.attach();
        receiver.flow(credit);
        h.verify();
        return receiver;
    }

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsWithinCreditAndLearnsTheOutcome() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = attachSender(h, h.openSession(), 2);
            assertThat(sender.credit()).isEqualTo(2);
            h.peer.expectTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {7})
                    .withMessageFormat(0)
                    .withSettled(false)
                    .withMore(DriverHarness.notMore())
                    .withPayload("one".getBytes())
                    .respond()
                    .withSettled(true)
                    .withState()
                    .accepted();
            Delivery d = sender.send(new Binary(new byte[] {7}), text("one"), false);
            h.verify();
            assertThat(d.remoteState()).isEqualTo(Accepted.INSTANCE);
            assertThat(d.isRemotelySettled()).isTrue();
            assertThat(sender.credit()).isEqualTo(1);
            assertThat(sender.deliveryCount()).isEqualTo(1);
        }
    }

    @Test
    void refusesToSendWithoutCredit() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = attachSender(h, h.openSession(), 0);
            ByteBuf payload = text("x");
            assertThatThrownBy(() -> sender.send(null, payload, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no credit");
            assertThat(payload.refCnt()).isZero();
        }
    }

    /** Opens against a peer whose open announces {@code peerMaxFrameSize}, and begins a session. */
    private static Session openWithPeerMaxFrameSize(DriverHarness h, long peerMaxFrameSize) {
        h.peer.expectAMQPHeader().respondWithAMQPHeader();
        h.peer.expectOpen().respond().withMaxFrameSize(peerMaxFrameSize);
        h.peer.expectBegin().respond();
        h.engine.connection().open();
        Session s = h.engine.connection().session();
        s.begin();
        h.verify();
        return s;
    }

    /**
     * Reads the engine's output as transfer frames, checking each is at most {@code maxFrameSize}
     * bytes and all but the last say more follow; returns the payload they carried, in order.
     */
    private static byte[] framedPayload(DriverHarness h, int maxFrameSize, int expectedFrames) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf out;
        while ((out = h.engine.pollOutput()) != null) {
            all.writeBytes(out);
            out.release();
        }
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        int frames = 0;
        while (all.isReadable()) {
            int size = all.getInt(all.readerIndex());
            assertThat(size).isLessThanOrEqualTo(maxFrameSize);
            ByteBuf frame = all.readSlice(size);
            frame.skipBytes(8);
            io.ferrymq.codec.transport.Transfer t = (io.ferrymq.codec.transport.Transfer)
                    io.ferrymq.codec.spec.SpecTypes.newDecoder().readObject(frame);
            assertThat(t.more()).isEqualTo(all.isReadable());
            received.writeBytes(ByteBufUtil.getBytes(frame));
            frames++;
        }
        assertThat(frames).isEqualTo(expectedFrames);
        return received.toByteArray();
    }

    @Test
    void splitsALargeMessageIntoFramesTheReceiverAccepts() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = attachSender(h, openWithPeerMaxFrameSize(h, 512), 1);
            byte[] big = new byte[2000];
            new java.util.Random(1).nextBytes(big);
            sender.send(null, Unpooled.wrappedBuffer(big), true);
            assertThat(framedPayload(h, 512, 5)).isEqualTo(big);
        }
    }

    @Test
    void keepsItsFramesWithinItsOwnMaxFrameSizeWhenThePeerAcceptsAnySize() {
        // Proton-C announces no max-frame-size (any size up to 4 GiB); a large message still goes
        // out in frames no larger than this end's own limit.
        try (DriverHarness h =
                DriverHarness.client(new EngineOptions().containerId("c").maxFrameSize(1024))) {
            Sender sender = attachSender(h, openWithPeerMaxFrameSize(h, 0xffff_ffffL), 1);
            byte[] big = new byte[10_000];
            new java.util.Random(2).nextBytes(big);
            sender.send(null, Unpooled.wrappedBuffer(big), true);
            assertThat(framedPayload(h, 1024, 10)).isEqualTo(big);
        }
    }

    @Test
    void receivesAMultiFrameMessageAndAnAbortedOne() {
        try (DriverHarness h = DriverHarness.client()) {
            attachReceiver(h, h.openSession(), 10);
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withMore(true)
                    .withPayload("hel".getBytes())
                    .now();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withMore(true)
                    .withPayload("lo ".getBytes())
                    .now();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withMore(false)
                    .withPayload("world".getBytes())
                    .now();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(1)
                    .withDeliveryTag(new byte[] {2})
                    .withMore(true)
                    .withPayload("partial".getBytes())
                    .now();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(1)
                    .withAborted(true)
                    .now();
            assertThat(h.events.deliveries).hasSize(2);
            Delivery whole = h.events.deliveries.get(0);
            assertThat(whole.isAborted()).isFalse();
            ByteBuf payload = whole.takePayload();
            assertThat(payload.toString(StandardCharsets.UTF_8)).isEqualTo("hello world");
            payload.release();
            Delivery aborted = h.events.deliveries.get(1);
            assertThat(aborted.isAborted()).isTrue();
            assertThat(aborted.payload().readableBytes()).isZero();
        }
    }

    @Test
    void settlesConsecutiveDeliveriesAsOneRange() {
        try (DriverHarness h = DriverHarness.client()) {
            attachReceiver(h, h.openSession(), 10);
            for (int i = 0; i < 6; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[] {(byte) i})
                        .now();
            }
            assertThat(h.events.deliveries).hasSize(6);
            h.peer.expectDisposition()
                    .withRole(true)
                    .withFirst(0)
                    .withLast(3)
                    .withSettled(true)
                    .withState()
                    .accepted();
            h.peer.expectDisposition()
                    .withRole(true)
                    .withFirst(4)
                    .withLast(5)
                    .withSettled(true)
                    .withState()
                    .released();
            for (int i = 0; i < 4; i++) {
                h.events.deliveries.get(i).disposition(Accepted.INSTANCE, true);
            }
            h.events.deliveries.get(4).disposition(Released.INSTANCE, true);
            h.events.deliveries.get(5).disposition(Released.INSTANCE, true);
            h.verify();
            assertThat(h.engine.connection().sessions().get(0).incomingUnsettled())
                    .isZero();
        }
    }

    @Test
    void deliveryIdsWrapAroundInRanges() {
        try (DriverHarness h = DriverHarness.client()) {
            h.peer.expectAMQPHeader().respondWithAMQPHeader();
            h.peer.expectOpen().respond();
            h.peer.expectBegin().respond().withNextOutgoingId(0xffff_fffeL);
            h.engine.connection().open();
            Session s = h.engine.connection().session();
            s.begin();
            h.verify();
            attachReceiver(h, s, 10);
            long[] ids = {0xffff_fffeL, 0xffff_ffffL, 0, 1};
            for (long id : ids) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(id)
                        .withDeliveryTag(new byte[] {(byte) id})
                        .withPayload(new byte[] {1})
                        .now();
            }
            assertThat(h.engine.failure()).isNull();
            assertThat(h.events.deliveries)
                    .extracting(Delivery::deliveryId)
                    .containsExactly(0xffff_fffeL, 0xffff_ffffL, 0L, 1L);
            h.peer.expectDisposition()
                    .withFirst(0xffff_fffeL)
                    .withLast(1)
                    .withSettled(true)
                    .withState()
                    .accepted();
            h.events.deliveries.forEach(d -> d.disposition(Accepted.INSTANCE, true));
            h.verify();
        }
    }

    @Test
    void presettledSendingNeedsNoDisposition() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach().ofSender().withSenderSettleModeSettled().respond();
            h.peer.remoteFlow()
                    .withLinkCredit(5)
                    .withDeliveryCount(0)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withOutgoingWindow(100)
                    .withNextOutgoingId(1)
                    .withHandle(0)
                    .queue();
            Sender sender = s.sender("fire-and-forget");
            sender.sndSettleMode(SenderSettleMode.SETTLED).source(new Source()).target(new Target().address("t"));
            sender.attach();
            h.verify();
            h.peer.expectTransfer().withSettled(true).withPayload("a".getBytes());
            Delivery d = sender.send(null, text("a"), false);
            h.verify();
            assertThat(d.isSettled()).isTrue();
            assertThat(s.outgoingUnsettled()).isZero();
        }
    }

    @Test
    void receiverSettlesSecondAfterTheSender() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach()
                    .ofReceiver()
                    .withReceiverSettlesSecond()
                    .respond()
                    .withReceivervSettlesSecond();
            h.peer.expectFlow().withLinkCredit(1);
            Receiver r = s.receiver("r2");
            r.rcvSettleMode(ReceiverSettleMode.SECOND)
                    .source(new Source().address("q"))
                    .target(new Target());
            r.attach();
            r.flow(1);
            h.verify();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withPayload(new byte[] {1})
                    .now();
            Delivery d = h.events.deliveries.get(0);
            // In mode second, accepting sends the state unsettled; the receiver settles when the sender has.
            h.peer.expectDisposition()
                    .withFirst(0)
                    .withSettled(false)
                    .withState()
                    .accepted();
            h.peer.remoteDisposition()
                    .withRole(false)
                    .withFirst(0)
                    .withSettled(true)
                    .withState()
                    .accepted()
                    .queue();
            d.disposition(Accepted.INSTANCE, true);
            h.verify();
            assertThat(d.isRemotelySettled()).isTrue();
            assertThat(d.isSettled()).isTrue();
            assertThat(s.incomingUnsettled()).isZero();
        }
    }

    @Test
    void streamsADeliveryInPiecesAndAbortsAnother() {
        try (DriverHarness h = DriverHarness.client()) {
            Sender sender = attachSender(h, h.openSession(), 2);
            h.peer.expectTransfer().withDeliveryId(0).withMore(true).withPayload("ab".getBytes());
            h.peer.expectTransfer().withDeliveryId(0).withMore(true).withPayload("cd".getBytes());
            h.peer.expectTransfer()
                    .withDeliveryId(0)
                    .withMore(DriverHarness.notMore())
                    .withPayload("ef".getBytes());
            Delivery d = sender.begin(null, false, 0);
            d.write(text("ab"), false);
            h.pump();
            d.write(text("cd"), false);
            h.pump();
            d.write(text("ef"), true);
            h.verify();
            h.peer.expectTransfer().withDeliveryId(1).withMore(true).withPayload("xy".getBytes());
            h.peer.expectTransfer().withDeliveryId(1).withAborted(true).withNullPayload();
            Delivery second = sender.begin(null, false, 0);
            second.write(text("xy"), false);
            h.pump();
            second.abort();
            h.verify();
            assertThat(second.isAborted()).isTrue();
        }
    }

    @Test
    void aMessageBeyondTheLinksMaxMessageSizeDetachesTheLink() {
        try (DriverHarness h = DriverHarness.client()) {
            Session s = h.openSession();
            h.peer.expectAttach().ofReceiver().respond();
            h.peer.expectFlow();
            Receiver r = s.receiver("small");
            r.maxMessageSize(io.ferrymq.codec.UnsignedLong.valueOf(10))
                    .source(new Source().address("q"))
                    .target(new Target());
            r.attach();
            r.flow(5);
            h.verify();
            h.peer.expectDetach()
                    .withClosed(true)
                    .withError("amqp:link:message-size-exceeded", org.hamcrest.Matchers.containsString("10"));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withPayload(new byte[11])
                    .now();
            h.verify();
            assertThat(r.localState()).isEqualTo(EndpointState.CLOSED);
            assertThat(h.engine.connection().localState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void aTransferWithoutCreditDetachesTheLink() {
        try (DriverHarness h = DriverHarness.client()) {
            attachReceiver(h, h.openSession(), 1);
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withPayload(new byte[1])
                    .now();
            h.peer.expectDetach()
                    .withClosed(true)
                    .withError("amqp:link:transfer-limit-exceeded", org.hamcrest.Matchers.any(String.class));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(1)
                    .withDeliveryTag(new byte[] {2})
                    .withPayload(new byte[1])
                    .now();
            h.verify();
            assertThat(Arrays.asList(Symbol.valueOf("x"))).hasSize(1);
        }
    }

    /**
     * transport.xml#doc-flow-control: "If the link-credit is reduced by the Receiver when transfers are in-flight, the
     * Receiver MAY either handle the excess messages normally or detach the Link". A receiver that lowers its credit
     * from 10 to 1 after 3 transfers takes the 7 the sender sent on the old grant before it saw the new one; the
     * one after those exceeds every grant and detaches the link.
     */
    @Test
    void transfersInFlightOnALoweredGrantAreTakenAndOnlyThoseBeyondItDetach() {
        try (DriverHarness h = DriverHarness.client()) {
            Receiver receiver = attachReceiver(h, h.openSession(), 10);
            for (int i = 0; i < 3; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[1])
                        .now();
            }
            h.peer.expectFlow().withHandle(0).withDeliveryCount(3).withLinkCredit(1);
            receiver.reduceCredit(1);
            h.verify();
            for (int i = 3; i < 10; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[1])
                        .now();
            }
            assertThat(h.events.deliveries).hasSize(10);
            assertThat(receiver.credit()).isZero();
            assertThat(receiver.localState()).isEqualTo(EndpointState.ACTIVE);
            h.peer.expectDetach()
                    .withClosed(true)
                    .withError("amqp:link:transfer-limit-exceeded", org.hamcrest.Matchers.any(String.class));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(10)
                    .withDeliveryTag(new byte[] {10})
                    .withPayload(new byte[1])
                    .now();
            h.verify();
        }
    }

    /** Raising the credit again after lowering it: the new, larger grant is what the sender may use. */
    @Test
    void reducingCreditNeverRaisesIt() {
        try (DriverHarness h = DriverHarness.client()) {
            Receiver receiver = attachReceiver(h, h.openSession(), 2);
            h.peer.expectFlow().withHandle(0).withDeliveryCount(0).withLinkCredit(2);
            receiver.reduceCredit(5);
            h.verify();
            assertThat(receiver.credit()).isEqualTo(2);
        }
    }
}
