package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.ConnectionError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The engine as a server facing a client that breaks the rules: each violation is answered with
 * the spec's condition and a description, and never throws out of the engine.
 */
class ProtocolErrorsDriverTest {

    private static DriverHarness openServer() {
        DriverHarness h =
                DriverHarness.server(new EngineOptions().containerId("server").maxFrameSize(4096));
        h.peer.expectAMQPHeader();
        h.peer.expectOpen();
        h.peer.remoteAMQPHeader().now();
        h.peer.remoteOpen().withContainerId("bad-client").now();
        h.verify();
        return h;
    }

    @Test
    void aFrameLargerThanTheMaxFrameSizeIsAFramingError() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(
                            ConnectionError.FRAMING_ERROR.toString(),
                            Matchers.containsString("exceeds the max-frame-size of 4096"));
            h.peer.remoteBytes()
                    .withBytes(new byte[] {0, 0, 0x20, 0, 2, 0, 0, 0})
                    .now();
            h.verify();
            assertThat(h.engine.failure().condition()).isEqualTo(ConnectionError.FRAMING_ERROR);
            assertThat(h.engine.isFinished()).isTrue();
        }
    }

    @Test
    void aFrameSmallerThanItsHeaderIsAFramingError() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(
                            ConnectionError.FRAMING_ERROR.toString(),
                            Matchers.containsString("smaller than the 8-byte frame header"));
            h.peer.remoteBytes().withBytes(new byte[] {0, 0, 0, 4, 2, 0, 0, 0}).now();
            h.verify();
        }
    }

    @Test
    void aBadDataOffsetIsAFramingError() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(ConnectionError.FRAMING_ERROR.toString(), Matchers.containsString("data offset"));
            h.peer.remoteBytes()
                    .withBytes(new byte[] {0, 0, 0, 12, 1, 0, 0, 0, 0x40, 0, 0, 0})
                    .now();
            h.verify();
        }
    }

    @Test
    void garbageInAFrameBodyIsADecodeError() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(AmqpError.DECODE_ERROR.toString(), Matchers.containsString("unknown constructor"));
            h.peer.remoteBytes()
                    .withBytes(new byte[] {0, 0, 0, 12, 2, 0, 0, 0, (byte) 0xff, 1, 2, 3})
                    .now();
            h.verify();
        }
    }

    @Test
    void aFrameThatIsNotAPerformativeIsADecodeError() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose().withError(AmqpError.DECODE_ERROR.toString(), Matchers.containsString("Header"));
            // A header section (0x70) where a performative belongs.
            h.peer.remoteBytes()
                    .withBytes(new byte[] {0, 0, 0, 12, 2, 0, 0, 0, 0, 0x53, 0x70, 0x45})
                    .now();
            h.verify();
        }
    }

    @Test
    void aPerformativeMissingAMandatoryFieldNamesIt() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(AmqpError.DECODE_ERROR.toString(), Matchers.containsString("next-outgoing-id"));
            // begin with an empty field list
            h.peer.remoteBytes()
                    .withBytes(new byte[] {0, 0, 0, 12, 2, 0, 0, 0, 0, 0x53, 0x11, 0x45})
                    .now();
            h.verify();
        }
    }

    @Test
    void aFrameOnAChannelWithNoSessionIsRefused() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose()
                    .withError(ConnectionError.FRAMING_ERROR.toString(), Matchers.containsString("channel 3"));
            h.peer.remoteBytes()
                    .withBytes(DriverHarness.frame(
                            3,
                            new io.ferrymq.codec.transport.Flow()
                                    .incomingWindow(1)
                                    .nextOutgoingId(0)
                                    .outgoingWindow(1)))
                    .now();
            h.verify();
        }
    }

    @Test
    void aBeginBeyondChannelMaxIsAFramingError() {
        try (DriverHarness h = DriverHarness.server(new EngineOptions().channelMax(1))) {
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.expectClose()
                    .withError(ConnectionError.FRAMING_ERROR.toString(), Matchers.containsString("channel-max"));
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteOpen().now();
            h.peer.remoteBegin().onChannel(2).now();
            h.verify();
        }
    }

    @Test
    void aFlowForAnUnattachedHandleEndsTheSessionOnly() {
        try (DriverHarness h = openServer()) {
            h.peer.expectBegin();
            h.peer.remoteBegin().now();
            h.verify();
            h.peer.expectEnd().withError("amqp:session:unattached-handle", Matchers.containsString("handle 9"));
            h.peer.remoteFlow()
                    .withHandle(9)
                    .withLinkCredit(1)
                    .withDeliveryCount(0)
                    .withIncomingWindow(1)
                    .withNextOutgoingId(1)
                    .withOutgoingWindow(1)
                    .withNextIncomingId(0)
                    .now();
            h.verify();
            assertThat(h.engine.connection().localState()).isEqualTo(EndpointState.ACTIVE);
            // The rest of the connection keeps working: a new session begins.
            h.peer.remoteEnd().now();
            h.peer.expectBegin();
            h.peer.remoteBegin().onChannel(1).now();
            h.verify();
        }
    }

    @Test
    void reusingAHandleEndsTheSession() {
        try (DriverHarness h = openServer()) {
            h.peer.expectBegin();
            h.peer.expectAttach();
            h.peer.remoteBegin().now();
            h.peer.remoteAttach().ofReceiver().withName("a").withHandle(0).now();
            h.verify();
            h.peer.expectEnd().withError("amqp:session:handle-in-use", Matchers.anything());
            h.peer.remoteAttach().ofReceiver().withName("b").withHandle(0).now();
            h.verify();
        }
    }

    @Test
    void transfersBeyondTheIncomingWindowEndTheSession() {
        // 4 KiB frames and 8 KiB of capacity: an incoming window of two transfers.
        DriverHarness h =
                DriverHarness.server(new EngineOptions().maxFrameSize(4096).sessionIncomingCapacity(8192));
        try (h) {
            h.events.onAttach = link -> {
                if (link instanceof Receiver r) {
                    r.flow(100);
                }
            };
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.expectBegin().withIncomingWindow(2);
            h.peer.expectAttach();
            h.peer.expectFlow().withLinkCredit(100).withIncomingWindow(2);
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteOpen().now();
            h.peer.remoteBegin().now();
            h.peer.remoteAttach()
                    .ofSender()
                    .withName("s")
                    .withHandle(0)
                    .withInitialDeliveryCount(0)
                    .now();
            h.verify();
            // The application does not read: two transfers of nearly a frame each fill the window (and its
            // capacity, so it is not opened again), the third violates it.
            for (int i = 0; i < 2; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[4000])
                        .now();
            }
            h.peer.expectEnd().withError("amqp:session:window-violation", Matchers.anything());
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(2)
                    .withDeliveryTag(new byte[] {2})
                    .withPayload(new byte[4000])
                    .now();
            h.verify();
        }
    }

    @Test
    void aSecondOpenIsAnIllegalState() {
        try (DriverHarness h = openServer()) {
            h.peer.expectClose().withError(AmqpError.ILLEGAL_STATE.toString(), Matchers.containsString("second open"));
            h.peer.remoteOpen().now();
            h.verify();
        }
    }

    @Test
    void aBeginBeforeOpenIsAnIllegalState() {
        try (DriverHarness h = DriverHarness.server(new EngineOptions())) {
            h.peer.expectAMQPHeader();
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteBegin().now();
            h.pump();
            assertThat(h.engine.failure().condition()).isEqualTo(AmqpError.ILLEGAL_STATE);
            assertThat(h.engine.failure().description()).contains("begin before open");
        }
    }

    @Test
    void anUnsupportedProtocolHeaderIsAnsweredWithTheSupportedOne() {
        Engine server = Engine.server(new EngineOptions(), new Recorder());
        server.ingest(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1}));
        ByteBuf out = server.pollOutput();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(out)).isEqualTo(ProtocolHeader.AMQP.bytes());
        out.release();
        assertThat(server.isFinished()).isTrue();
        assertThat(server.failure().description()).contains("invalid protocol header");

        Engine tls = Engine.server(new EngineOptions(), new Recorder());
        tls.ingest(Unpooled.wrappedBuffer(ProtocolHeader.TLS.bytes()));
        out = tls.pollOutput();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(out)).isEqualTo(ProtocolHeader.AMQP.bytes());
        out.release();
        assertThat(tls.isFinished()).isTrue();

        Engine http = Engine.server(new EngineOptions(), new Recorder());
        http.ingest(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes()));
        assertThat(http.isFinished()).isFalse();
        out = http.pollOutput();
        out.release();
        assertThat(http.isFinished()).isTrue();
        assertThat(Symbol.valueOf("x")).isNotNull();
    }

    @Test
    void anAmqpHeaderToAServerThatRequiresSaslGetsTheSaslHeader() {
        Engine server = Engine.server(
                new EngineOptions()
                        .authenticator(new io.ferrymq.engine.sasl.StandardAuthenticator(
                                new io.ferrymq.engine.sasl.InMemoryUserStore(), false)),
                new Recorder());
        server.ingest(Unpooled.wrappedBuffer(ProtocolHeader.AMQP.bytes()));
        ByteBuf out = server.pollOutput();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(out)).isEqualTo(ProtocolHeader.SASL.bytes());
        out.release();
        assertThat(server.isFinished()).isTrue();
    }

    /** A server with a client's sending link "s" attached on handle 0 and 100 credits granted. */
    private static DriverHarness withSendingClient(boolean rcvSettleSecond) {
        DriverHarness h = DriverHarness.server(new EngineOptions().maxFrameSize(4096));
        h.events.onAttach = link -> {
            if (link instanceof Receiver r) {
                r.rcvSettleMode(
                        rcvSettleSecond
                                ? io.ferrymq.codec.transport.ReceiverSettleMode.SECOND
                                : io.ferrymq.codec.transport.ReceiverSettleMode.FIRST);
                r.flow(100);
            }
        };
        h.peer.expectAMQPHeader();
        h.peer.expectOpen();
        h.peer.expectBegin();
        h.peer.expectAttach();
        h.peer.expectFlow().withLinkCredit(100);
        h.peer.remoteAMQPHeader().now();
        h.peer.remoteOpen().now();
        h.peer.remoteBegin().now();
        h.peer.remoteAttach()
                .ofSender()
                .withName("s")
                .withHandle(0)
                .withInitialDeliveryCount(0)
                .now();
        h.verify();
        return h;
    }

    /** transport.xml#doc-conn-open: "The open frame can only be sent on channel 0." */
    @Test
    void anOpenOnAChannelOtherThanZeroClosesTheConnection() {
        try (DriverHarness h = DriverHarness.server(new EngineOptions())) {
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.expectClose()
                    .withError(
                            ConnectionError.FRAMING_ERROR.toString(),
                            Matchers.containsString("only be sent on channel 0"));
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteOpen().onChannel(3).now();
            h.verify();
            assertThat(h.engine.isFinished()).isTrue();
        }
    }

    /** security.xml#sasl-frames: "Receipt of an empty frame is an irrecoverable error." */
    @Test
    void anEmptyFrameDuringSaslIsIrrecoverable() {
        try (DriverHarness h = DriverHarness.server(new EngineOptions()
                .authenticator(new io.ferrymq.engine.sasl.StandardAuthenticator(
                        new io.ferrymq.engine.sasl.InMemoryUserStore(), true)))) {
            h.peer.expectSASLHeader();
            h.peer.expectSaslMechanisms();
            h.peer.remoteSASLHeader().now();
            h.verify();
            // size 8, data offset 2, type 1 (SASL), channel 0: a frame with no body.
            h.peer.remoteBytes().withBytes(new byte[] {0, 0, 0, 8, 2, 1, 0, 0}).now();
            h.pump();
            assertThat(h.engine.isFinished()).isTrue();
            assertThat(h.engine.failure().condition()).isEqualTo(ConnectionError.FRAMING_ERROR);
            assertThat(h.engine.failure().description()).contains("empty frame during SASL");
        }
    }

    /** transport.xml#type-transfer, message-format: a continuation may omit the first transfer's format, not change it. */
    @Test
    void aContinuationWithAnotherMessageFormatDetachesTheLink() {
        try (DriverHarness h = withSendingClient(false)) {
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withMessageFormat(0)
                    .withMore(true)
                    .withPayload(new byte[10])
                    .now();
            h.peer.expectDetach()
                    .withClosed(true)
                    .withError(AmqpError.INVALID_FIELD.toString(), Matchers.containsString("message-format"));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withMessageFormat(7)
                    .withMore(false)
                    .withPayload(new byte[10])
                    .now();
            h.verify();
            assertThat(h.events.deliveries).isEmpty();
        }
    }

    /** A continuation that repeats the first transfer's message-format is fine. */
    @Test
    void aContinuationThatRepeatsTheMessageFormatIsAssembled() {
        try (DriverHarness h = withSendingClient(false)) {
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withMessageFormat(5)
                    .withMore(true)
                    .withPayload(new byte[10])
                    .now();
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withMessageFormat(5)
                    .withMore(false)
                    .withPayload(new byte[10])
                    .now();
            h.pump();
            assertThat(h.events.deliveries).hasSize(1);
            assertThat(h.events.deliveries.get(0).messageFormat()).isEqualTo(5);
        }
    }

    /**
     * transport.xml#type-transfer, rcv-settle-mode: "If the negotiated link value is first, then it is illegal to set
     * this field to second."
     */
    @Test
    void aTransferAskingSecondOnALinkNegotiatedFirstDetachesTheLink() {
        try (DriverHarness h = withSendingClient(false)) {
            h.peer.expectDetach()
                    .withClosed(true)
                    .withError(AmqpError.INVALID_FIELD.toString(), Matchers.containsString("rcv-settle-mode second"));
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withRcvSettleMode(org.apache.qpid.protonj2.test.driver.codec.transport.ReceiverSettleMode.SECOND)
                    .withPayload(new byte[10])
                    .now();
            h.verify();
            assertThat(h.events.deliveries).isEmpty();
        }
    }

    @Test
    void aTransferAskingSecondOnALinkNegotiatedSecondIsTaken() {
        try (DriverHarness h = withSendingClient(true)) {
            h.peer.remoteTransfer()
                    .withHandle(0)
                    .withDeliveryId(0)
                    .withDeliveryTag(new byte[] {1})
                    .withRcvSettleMode(org.apache.qpid.protonj2.test.driver.codec.transport.ReceiverSettleMode.SECOND)
                    .withPayload(new byte[10])
                    .now();
            h.pump();
            assertThat(h.events.deliveries).hasSize(1);
        }
    }

    /**
     * transport.xml#doc-session-flow-control: a session flow whose next-outgoing-id is behind the transfers already
     * received takes back transfer-ids: the session ends with amqp:session:window-violation.
     */
    @Test
    void aSessionFlowWhoseNextOutgoingIdMovesBackwardsEndsTheSession() {
        try (DriverHarness h = withSendingClient(false)) {
            for (int i = 0; i < 3; i++) {
                h.peer.remoteTransfer()
                        .withHandle(0)
                        .withDeliveryId(i)
                        .withDeliveryTag(new byte[] {(byte) i})
                        .withPayload(new byte[10])
                        .now();
            }
            long next = h.engine.connection().sessionOnRemoteChannel(0).nextIncomingId();
            h.peer.expectEnd().withError("amqp:session:window-violation", Matchers.containsString("behind"));
            h.peer.remoteFlow()
                    .withNextOutgoingId(next - 2)
                    .withIncomingWindow(100)
                    .withNextIncomingId(0)
                    .withOutgoingWindow(100)
                    .now();
            h.verify();
        }
    }

    /**
     * transport.xml#amqp-error, frame-size-too-small: a peer with a max-frame-size of 512 attaches a link with a long
     * name; the answering attach cannot fit, and the connection closes with amqp:frame-size-too-small (the engine used
     * to throw, and the broker logged a stack trace per connection).
     */
    @Test
    void aFrameThatCannotFitThePeersMaxFrameSizeClosesWithFrameSizeTooSmall() {
        try (DriverHarness h = DriverHarness.server(new EngineOptions())) {
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.expectBegin();
            h.peer.expectClose()
                    .withError(
                            AmqpError.FRAME_SIZE_TOO_SMALL.toString(),
                            Matchers.containsString("max-frame-size of 512"));
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteOpen().withMaxFrameSize(512).now();
            h.peer.remoteBegin().now();
            h.peer.remoteAttach()
                    .ofSender()
                    .withName("n".repeat(600))
                    .withHandle(0)
                    .withInitialDeliveryCount(0)
                    .now();
            h.verify();
            assertThat(h.engine.failure().condition()).isEqualTo(AmqpError.FRAME_SIZE_TOO_SMALL);
        }
    }
}
