package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.testsupport.Ports;
import io.ferrymq.testsupport.amqp.AmqpTestServer;
import io.ferrymq.testsupport.amqp.ServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Errors reach the application as typed exceptions carrying the server's condition and description. The server
 * answers as real brokers do not on demand: it wants a user ({@code alice}, {@code secret}), refuses links to
 * {@code missing}, never gives credit on {@code no-credit}, and closes a link to {@code close-later} at its first
 * message.
 */
class ClientErrorsIT {
    private static AmqpTestServer peer;
    private static Client client;

    @BeforeAll
    static void start() throws Exception {
        peer = AmqpTestServer.start(new ServerOptions()
                .containerId("peer-server")
                .user("alice", "secret")
                .anonymous(false)
                .refuse(
                        "missing",
                        new ErrorCondition(
                                AmqpError.NOT_FOUND,
                                "no queue named 'missing' here",
                                Map.of(Symbol.valueOf("address"), "missing")))
                .withholdCredit("no-credit")
                .closeLinkAtFirstMessage(
                        "close-later", new ErrorCondition(AmqpError.RESOURCE_DELETED, "the queue was deleted")));
        client = Client.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        peer.close();
    }

    private static Connection alice() {
        return client.connect(peer.uri(), new ConnectionOptions().user("alice").password("secret"));
    }

    @Test
    void wrongPasswordIsASaslException() {
        Connection c =
                client.connect(peer.uri(), new ConnectionOptions().user("alice").password("wrong"));
        assertThatThrownBy(() -> c.awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOf(SaslException.class)
                .hasMessageContaining("authentication");
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void anonymousIsRefusedWhereTheServerWantsAUser() {
        Connection c = client.connect(peer.uri());
        assertThatThrownBy(() -> c.awaitOpen(Duration.ofSeconds(10))).isInstanceOf(SaslException.class);
    }

    @Test
    void credentialsInTheUriAuthenticate() {
        String uri = peer.uri().replace("amqp://", "amqp://alice:secret@");
        try (Connection c = client.connect(uri)) {
            c.awaitOpen(Duration.ofSeconds(10));
            Tracker t = c.openSender("orders").send(Message.create("hi"));
            assertThat(t.awaitAccepted(Duration.ofSeconds(10)).remoteState().isAccepted())
                    .isTrue();
            assertThat(c.remoteContainerId()).isEqualTo("peer-server");
        }
    }

    @Test
    void aRefusedLinkCarriesTheConditionAndDescription() {
        try (Connection c = alice()) {
            assertThatThrownBy(() -> c.openReceiver("missing"))
                    .isInstanceOfSatisfying(RemoteException.NotFoundException.class, e -> {
                        assertThat(e.condition()).isEqualTo("amqp:not-found");
                        assertThat(e.description()).isEqualTo("no queue named 'missing' here");
                        assertThat(e.info()).containsKey(Symbol.valueOf("address"));
                    });
            assertThatThrownBy(() -> c.openSender("missing")).isInstanceOf(RemoteException.NotFoundException.class);
        }
    }

    @Test
    void aSendWithoutCreditTimesOut() {
        try (Connection c = alice()) {
            Sender s = c.openSender("no-credit", new SenderOptions().sendTimeout(Duration.ofMillis(300)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.send(Message.create("waits")))
                    .isInstanceOf(ClientTimeoutException.class)
                    .hasMessageContaining("no-credit");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThatThrownBy(() -> s.sendAsync(Message.create("waits too")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClientTimeoutException.class);
            assertThat(s.trySend(Message.create("not sent"))).isNull();
        }
    }

    @Test
    void aLinkTheServerClosesFailsWithItsError() throws Exception {
        try (Connection c = alice()) {
            Sender s = c.openSender("close-later");
            Tracker first = s.send(Message.create("one"));
            assertThatThrownBy(() -> first.awaitSettlement(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            RemoteException.class,
                            e -> assertThat(e.condition()).isEqualTo("amqp:resource-deleted"));
            assertThatThrownBy(() -> s.send(Message.create("two")))
                    .isInstanceOfSatisfying(
                            RemoteException.class,
                            e -> assertThat(e.description()).isEqualTo("the queue was deleted"));
        }
    }

    @Test
    void aServerThatIsNotThereIsAnIoError() throws Exception {
        int port = Ports.free();
        Connection c = client.connect("127.0.0.1", port);
        assertThatThrownBy(() -> c.awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOf(ClientIOException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThatThrownBy(() -> c.openSender("x")).isInstanceOf(ClientIOException.class);
    }

    @Test
    void everyBlockingWaitTakesItsTimeout() {
        try (Connection c = alice()) {
            Receiver r = c.openReceiver("quiet");
            long start = System.nanoTime();
            assertThat(r.receive(Duration.ofMillis(200))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }
    }
}
