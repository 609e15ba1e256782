package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.PermissionConfig;
import io.ferrymq.broker.config.UserConfig;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.LinkError;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.Transfer;
import io.ferrymq.engine.sasl.ScramAlgorithm;
import io.ferrymq.engine.sasl.ScramCredential;
import io.ferrymq.testsupport.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.client.exceptions.ClientLinkRemotelyClosedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that break the rules: garbage for a protocol header or a frame, a frame larger than
 * the broker's max-frame-size, a flood of attaches, transfers without credit, and messages to an
 * address the user may not use. Each is refused or disconnected with the condition the spec
 * gives, while a well-behaved Qpid JMS client on the same broker sends and receives before,
 * while the bad one is connected, and after.
 */
class BrokerBadInputIT {
    private static final String ALICE_PASSWORD = "alice-s3cret";
    private static final long MAX_FRAME_SIZE = 64 * 1024;

    @TempDir
    static Path dataDir;

    static Broker broker;
    static int port;
    static Connection good;
    static Session goodSession;
    static MessageProducer goodProducer;
    static MessageConsumer goodConsumer;
    static int roundTrips;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults()
                .withDataDir(dataDir)
                .withPort(0)
                .withAddresses(InProcess.addresses(
                        AddressConfig.match("flood.full").maxMessages(5).build()))
                .withUsers(List.of(new UserConfig(
                        "alice",
                        List.of(
                                ScramCredential.create(ScramAlgorithm.SHA_256, ALICE_PASSWORD),
                                ScramCredential.create(ScramAlgorithm.SHA_512, ALICE_PASSWORD)))))
                .withPermissions(List.of(new PermissionConfig("secret.#", List.of("alice"), List.of("alice")))));
        port = broker.ports().get(0);
        good = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?jms.clientID=good-client").createConnection();
        good.start();
        goodSession = good.createSession(false, Session.AUTO_ACKNOWLEDGE);
        goodProducer = goodSession.createProducer(goodSession.createQueue("good.work"));
        goodConsumer = goodSession.createConsumer(goodSession.createQueue("good.work"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (good != null) {
            good.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The well-behaved client sends a message and gets it back. */
    static void goodClientWorks(String when) throws Exception {
        String text = when + " " + ++roundTrips;
        goodProducer.send(goodSession.createTextMessage(text));
        TextMessage back = (TextMessage) goodConsumer.receive(10_000);
        assertThat(back).as("the good client's message " + when).isNotNull();
        assertThat(back.getText()).isEqualTo(text);
    }

    @BeforeEach
    void goodClientWorksBefore() throws Exception {
        goodClientWorks("before");
    }

    @AfterEach
    void goodClientWorksAfter() throws Exception {
        goodClientWorks("after");
        // Every bad connection is gone; only the good client's is left.
        Await.until(
                () -> broker.connectionCount() == 1,
                Await.WAIT,
                () -> "the bad connections to go: " + broker.connectionCount() + " open");
    }

    static void assertClosedWith(Close close, Symbol condition) {
        assertThat(close.error()).as("the broker's close carries an error").isNotNull();
        assertThat(close.error().condition()).as(close.error().description()).isEqualTo(condition);
        assertThat(close.error().description()).isNotBlank();
    }

    /**
     * An HTTP request where the AMQP protocol header belongs: the broker answers with the header
     * it speaks and closes the socket ({@code transport.xml#doc-protocol-negotiation}).
     */
    @Test
    void garbageInsteadOfTheProtocolHeader() throws Exception {
        try (RawAmqp bad = RawAmqp.connect(port)) {
            goodClientWorks("while a bad client is connected");
            bad.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(bad.readBytes(8)).as("the header the broker speaks").isEqualTo(RawAmqp.SASL_HEADER);
            assertThat(bad.atEndOfStream()).as("the socket is closed after it").isTrue();
        }
    }

    /** Random bytes after the open: the broker closes the connection with a framing or decode error. */
    @Test
    void garbageAfterTheOpen() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5; i++) {
            try (RawAmqp bad = RawAmqp.open(port, "garbage-" + i)) {
                goodClientWorks("while a client about to send garbage is connected");
                byte[] garbage = new byte[4096];
                random.nextBytes(garbage);
                bad.write(garbage);
                Close close = bad.awaitClose();
                assertThat(close.error()).isNotNull();
                assertThat(close.error().condition())
                        .as(close.error().description())
                        .isIn(ConnectionError.FRAMING_ERROR, AmqpError.DECODE_ERROR);
            }
        }
    }

    /** A well-framed frame that holds no performative: amqp:decode-error. */
    @Test
    void aFrameThatHoldsNoPerformative() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "not-a-performative")) {
            goodClientWorks("while a bad client is connected");
            bad.write(RawAmqp.encode(
                    0,
                    b -> {
                        b.writeByte(0xa1);
                        b.writeByte(5);
                        b.writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
                    },
                    null));
            assertClosedWith(bad.awaitClose(), AmqpError.DECODE_ERROR);
        }
    }

    /** A frame header whose data offset points outside the frame: amqp:connection:framing-error. */
    @Test
    void aFrameWithABadDataOffset() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "bad-doff")) {
            goodClientWorks("while a bad client is connected");
            bad.write(new byte[] {0, 0, 0, 16, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertClosedWith(bad.awaitClose(), ConnectionError.FRAMING_ERROR);
        }
    }

    /**
     * A frame larger than the max-frame-size the broker announced: refused from its size field,
     * before the broker reads (or buffers) the rest: amqp:connection:framing-error.
     */
    @Test
    void aFrameLargerThanTheMaxFrameSize() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "too-large")) {
            assertThat(bad.brokerOpen.maxFrameSize()).isEqualTo(MAX_FRAME_SIZE);
            bad.frame(0, new Begin().nextOutgoingId(0).incomingWindow(1000).outgoingWindow(1000));
            bad.readUntil(Begin.class);
            goodClientWorks("while a bad client is connected");
            int size = (int) MAX_FRAME_SIZE + 1;
            ByteBuf frame = Unpooled.buffer(size);
            frame.writeInt(size).writeByte(2).writeByte(0).writeShort(0);
            new Transfer()
                    .handle(0)
                    .deliveryId(0)
                    .deliveryTag(new Binary(new byte[] {1}))
                    .messageFormat(0)
                    .encode(frame);
            frame.writeZero(size - frame.readableBytes());
            bad.write(ByteBufUtil.getBytes(frame, 0, 64 * 1024)); // the first part is enough to be refused
            Close close = bad.awaitClose();
            assertClosedWith(close, ConnectionError.FRAMING_ERROR);
            assertThat(close.error().description()).contains(Long.toString(MAX_FRAME_SIZE));
        }
    }

    private static byte[] message(String text) {
        ByteBuf b = Unpooled.buffer();
        new Header().durable(true).encode(b);
        new AmqpValue(text).encode(b);
        return ByteBufUtil.getBytes(b);
    }

    /**
     * A producer that goes on sending after its credit is used up: the queue it sends to is full
     * (max-messages 5), so the broker grants no more, rejects what does not fit, and detaches the
     * link with amqp:link:transfer-limit-exceeded at the first transfer beyond the credit.
     */
    @Test
    void transfersWithoutCredit() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "flooder")) {
            bad.frame(0, new Begin().nextOutgoingId(0).incomingWindow(100_000).outgoingWindow(100_000));
            bad.readUntil(Begin.class);
            bad.frame(
                    0,
                    new Attach()
                            .name("flood")
                            .handle(0)
                            .role(Role.SENDER)
                            .source(new Source())
                            .target(new Target().address("flood.full"))
                            .initialDeliveryCount(0));
            bad.readUntil(Attach.class);
            Flow flow = bad.readUntil(Flow.class);
            assertThat(flow.linkCredit()).as("credit granted at attach").isPositive();
            goodClientWorks("while a flooding client is connected");
            // The first grant is the whole producer-credit (memory is free): small messages keep it.
            long credit = flow.linkCredit();

            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (long id = 0; id <= credit; id++) {
                flood.write(RawAmqp.encode(
                        0,
                        new Transfer()
                                .handle(0)
                                .deliveryId(id)
                                .deliveryTag(new Binary(new byte[] {(byte) id, (byte) (id >> 8)}))
                                .messageFormat(0)
                                .settled(false),
                        message("flood " + id)));
            }
            bad.write(flood.toByteArray());

            int accepted = 0;
            int rejected = 0;
            Detach detach = null;
            while (detach == null) {
                RawAmqp.Frame f = bad.read();
                switch (f.performative()) {
                    case Disposition d when d.state() instanceof Accepted -> accepted += span(d);
                    case Disposition d
                    when d.state() instanceof Rejected r -> {
                        assertThat(r.error().condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
                        rejected += span(d);
                    }
                    case Flow more ->
                        assertThat(more.handle() < 0 || more.linkCredit() == 0)
                                .as("no more credit for the full queue: " + more)
                                .isTrue();
                    case Detach d -> detach = d;
                    default -> {}
                }
            }
            assertThat(detach.error()).isNotNull();
            assertThat(detach.error().condition())
                    .as(detach.error().description())
                    .isEqualTo(LinkError.TRANSFER_LIMIT_EXCEEDED);
            assertThat(detach.closed()).isTrue();
            // The five that fitted are on the queue (their acceptance, waiting for the disk, may come after
            // the detach: then it never comes); the rest were rejected for want of room.
            InProcess.awaitDepth(broker, "flood.full", 5);
            assertThat(accepted).as("messages accepted").isLessThanOrEqualTo(5);
            assertThat(rejected).as("messages rejected").isPositive();
            assertThat(accepted + rejected).as("answers within the credit").isLessThanOrEqualTo((int) credit);

            // A link error, not a connection error: the connection is still good.
            goodClientWorks("after the flooder's link was detached");
            bad.frame(0, new Close());
            assertThat(bad.awaitClose().error()).isNull();
        }
        try (Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer drain = s.createConsumer(s.createQueue("flood.full"));
            for (int i = 0; i < 5; i++) {
                assertThat(drain.receive(10_000)).as("flooded message %d", i).isNotNull();
            }
        }
        InProcess.awaitDepth(broker, "flood.full", 0);
    }

    private static int span(Disposition d) {
        return (int) ((d.last() >= 0 ? d.last() : d.first()) - d.first() + 1);
    }

    /**
     * Attaches up to the handle-max the broker announced are served; one beyond it closes the
     * connection with amqp:connection:framing-error ({@code transport.xml#type-begin}).
     */
    @Test
    void anAttachFloodBeyondTheHandleMax() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "attach-flooder")) {
            bad.frame(0, new Begin().nextOutgoingId(0).incomingWindow(1000).outgoingWindow(1000));
            Begin begin = bad.readUntil(Begin.class);
            long handleMax = begin.handleMax();
            assertThat(handleMax).isEqualTo(4095);
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (long h = 0; h <= handleMax; h++) {
                flood.write(RawAmqp.encode(
                        0,
                        new Attach()
                                .name("r" + h)
                                .handle(h)
                                .role(Role.RECEIVER)
                                .source(new Source().address("flood.attach"))
                                .target(new Target()),
                        null));
            }
            bad.write(flood.toByteArray());
            int attached = 0;
            while (attached <= handleMax) {
                if (bad.read().performative() instanceof Attach a) {
                    assertThat(a.source())
                            .as("attach " + attached + " answered with a source")
                            .isNotNull();
                    attached++;
                }
            }
            Await.until(
                    () -> InProcess.queue(broker, "flood.attach").consumers() == handleMax + 1,
                    "every attached link to be a consumer");
            goodClientWorks("while " + attached + " links of a flooder are attached");
            bad.frame(
                    0,
                    new Attach()
                            .name("one-too-many")
                            .handle(handleMax + 1)
                            .role(Role.RECEIVER)
                            .source(new Source().address("flood.attach"))
                            .target(new Target()));
            assertClosedWith(bad.awaitClose(), ConnectionError.FRAMING_ERROR);
        }
        Await.until(
                () -> InProcess.queue(broker, "flood.attach").consumers() == 0,
                "the flooder's consumers to go with its connection");
    }

    /** A begin on a channel beyond the channel-max the broker announced: amqp:connection:framing-error. */
    @Test
    void aSessionBeyondTheChannelMax() throws Exception {
        try (RawAmqp bad = RawAmqp.open(port, "session-flooder")) {
            int channelMax = bad.brokerOpen.channelMax();
            assertThat(channelMax).isEqualTo(255);
            goodClientWorks("while a bad client is connected");
            bad.frame(
                    channelMax + 1,
                    new Begin().nextOutgoingId(0).incomingWindow(1000).outgoingWindow(1000));
            assertClosedWith(bad.awaitClose(), ConnectionError.FRAMING_ERROR);
        }
    }

    /**
     * An anonymous client may neither send to nor receive from an address only alice may use:
     * its links are refused with amqp:unauthorized-access, and a message naming that address on
     * an anonymous relay link is rejected with it. Alice, authenticated, may do both.
     */
    @Test
    void aForbiddenAddress() throws Exception {
        try (Connection anonymous = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
            anonymous.start();
            Session s = anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE);
            goodClientWorks("while an anonymous client is connected");
            assertThatThrownBy(() -> s.createProducer(s.createQueue("secret.plans")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("secret.plans")))
                    .isInstanceOf(JMSSecurityException.class);
            // An anonymous producer names the address per message: the broker rejects the message.
            MessageProducer relay = s.createProducer(null);
            assertThatThrownBy(() -> relay.send(s.createQueue("secret.plans"), s.createTextMessage("leak")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (Client client = Client.create(new ClientOptions().id("anonymous-protonj2"))) {
            var c = client.connect("127.0.0.1", port);
            var refused = c.openSender("secret.plans");
            assertThatThrownBy(() -> refused.openFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            ClientLinkRemotelyClosedException.class,
                            e -> assertThat(e.getErrorCondition().condition())
                                    .isEqualTo(AmqpError.UNAUTHORIZED_ACCESS.toString()));
            Tracker t = c.openAnonymousSender().send(Message.create("leak").to("secret.plans"));
            t.awaitSettlement(10, TimeUnit.SECONDS);
            assertThat(t.remoteState())
                    .isInstanceOfSatisfying(
                            org.apache.qpid.protonj2.client.Rejected.class,
                            r -> assertThat(r.getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS.toString()));
            c.close();
        }
        assertThat(InProcess.queue(broker, "secret.plans"))
                .as("nothing was created for the refused clients")
                .isNull();

        try (Connection alice = new JmsConnectionFactory(
                        "amqp://127.0.0.1:" + port + "?jms.username=alice&jms.password=" + ALICE_PASSWORD)
                .createConnection()) {
            alice.start();
            Session s = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("secret.plans")).send(s.createTextMessage("for alice"));
            TextMessage m = (TextMessage)
                    s.createConsumer(s.createQueue("secret.plans")).receive(10_000);
            assertThat(m).isNotNull();
            assertThat(m.getText()).isEqualTo("for alice");
        }
    }

    /**
     * A durable subscription belongs to the user who made it: another user who reuses the owner's client id and
     * subscription name is refused (unauthorized-access), can neither read the stored messages nor unsubscribe, and the
     * owner still gets them. (Before, the other user read them and, closing, deleted the subscription.)
     */
    @Test
    void aDurableSubscriptionBelongsToItsUser() throws Exception {
        String aliceUrl = "amqp://127.0.0.1:" + port + "?jms.clientID=shared-id&jms.username=alice&jms.password="
                + ALICE_PASSWORD;
        try (Connection alice = new JmsConnectionFactory(aliceUrl).createConnection()) {
            Session s = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var topic = s.createTopic("owned.topic");
            s.createDurableSubscriber(topic, "alices-sub").close();
            s.createProducer(topic).send(s.createTextMessage("for alice only"));
        }
        try (Connection other =
                new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?jms.clientID=shared-id").createConnection()) {
            Session s = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var topic = s.createTopic("owned.topic");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.createDurableSubscriber(topic, "alices-sub"))
                    .isInstanceOf(JMSSecurityException.class)
                    .hasMessageContaining("another user");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.unsubscribe("alices-sub"))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (Connection alice = new JmsConnectionFactory(aliceUrl).createConnection()) {
            alice.start();
            Session s = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer c = s.createDurableSubscriber(s.createTopic("owned.topic"), "alices-sub");
            assertThat(((TextMessage) c.receive(10_000)).getText()).isEqualTo("for alice only");
            c.close();
            s.unsubscribe("alices-sub");
        }
    }

    /** Rejects one message on {@code address} as {@code client}'s connection sees it, so that it is dead-lettered. */
    private static void sendAndReject(
            Client client, org.apache.qpid.protonj2.client.ConnectionOptions options, String address, String text)
            throws Exception {
        try (var c = client.connect("127.0.0.1", port, options)) {
            c.openSender(address).send(Message.create(text)).awaitSettlement(10, TimeUnit.SECONDS);
            var r = c.openReceiver(address, new org.apache.qpid.protonj2.client.ReceiverOptions().autoAccept(false));
            var d = r.receive(10, TimeUnit.SECONDS);
            assertThat((String) d.message().body()).isEqualTo(text);
            d.disposition(org.apache.qpid.protonj2.client.DeliveryState.rejected("test", "dead-letter it"), true);
        }
    }

    /**
     * The dead-letter queue holds copies of messages from every address, so permissions apply to what it shows: an
     * anonymous client reading DLQ gets the dead letters of addresses it may read and not alice's from secret.plans;
     * alice gets hers. (Any client could read every dead letter.)
     */
    @Test
    void theDeadLetterQueueShowsEachUserOnlyWhatItMayRead() throws Exception {
        var anonymous = new org.apache.qpid.protonj2.client.ConnectionOptions();
        var alice = new org.apache.qpid.protonj2.client.ConnectionOptions()
                .user("alice")
                .password(ALICE_PASSWORD);
        try (Client client = Client.create(new ClientOptions().id("dlq-permissions"))) {
            sendAndReject(client, alice, "secret.plans", "secret dead letter");
            sendAndReject(client, anonymous, "open.dead", "open dead letter");
            InProcess.awaitDepth(broker, "DLQ", 2);
            try (var c = client.connect("127.0.0.1", port, anonymous)) {
                var r = c.openReceiver("DLQ");
                var d = r.receive(10, TimeUnit.SECONDS);
                assertThat((String) d.message().body()).isEqualTo("open dead letter");
                assertThat(r.receive(1, TimeUnit.SECONDS))
                        .as("alice's dead letter stays hidden")
                        .isNull();
            }
            try (var c = client.connect("127.0.0.1", port, alice)) {
                var d = c.openReceiver("DLQ").receive(10, TimeUnit.SECONDS);
                assertThat((String) d.message().body()).isEqualTo("secret dead letter");
            }
            InProcess.awaitDepth(broker, "DLQ", 0);
        }
    }
}
