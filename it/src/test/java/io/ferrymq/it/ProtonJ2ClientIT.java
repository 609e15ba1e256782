package io.ferrymq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.amqp.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Qpid protonj2 client against Ferry's engine and transport. */
class ProtonJ2ClientIT extends InteropTestSupport {
    private static final long CLOSE_TIMEOUT_MS = 20_000;

    @ParameterizedTest(name = "protonj2 {0} over {1}")
    @MethodSource("matrix")
    void exchangesMessagesBothWaysAndClosesCleanly(Mechanism mechanism, Wire wire) throws Exception {
        long start = System.nanoTime();
        String id = containerId("protonj2", mechanism, wire);
        String address = "interop." + id;
        ConnectionOptions options = new ConnectionOptions().closeTimeout(CLOSE_TIMEOUT_MS);
        options.saslOptions().addAllowedMechanism(mechanism.saslName);
        if (mechanism.needsCredentials()) {
            options.user(USER).password(PASSWORD);
        }
        if (wire == Wire.TLS) {
            options.sslOptions()
                    .sslEnabled(true)
                    .trustStoreLocation(server.pki().trustStore().toString())
                    .trustStorePassword(TestPki.TRUST_STORE_PASSWORD)
                    .trustStoreType("PKCS12")
                    .verifyHost(true);
        }
        try (Client client = Client.create(new ClientOptions().id(id))) {
            Connection connection = client.connect("127.0.0.1", wire.port(server), options);
            connection.openFuture().get(30, TimeUnit.SECONDS);

            Sender sender = connection.openSender(address);
            List<Tracker> trackers = new ArrayList<>(Payloads.COUNT);
            for (int i = 0; i < Payloads.COUNT; i++) {
                // send() only waits for credit: the messages are pipelined.
                trackers.add(sender.send(Message.create(Payloads.small(i))));
            }
            for (Tracker t : trackers) {
                t.awaitSettlement(30, TimeUnit.SECONDS);
                assertThat(t.remoteState().isAccepted())
                        .as("outcome of a small message")
                        .isTrue();
            }

            Receiver receiver = connection.openReceiver(address, new ReceiverOptions().creditWindow(1000));
            for (int i = 0; i < Payloads.COUNT; i++) {
                Delivery d = receiver.receive(30, TimeUnit.SECONDS);
                assertThat(d).as("small message %d", i).isNotNull();
                Message<byte[]> m = d.message();
                assertThat(m.body()).as("small message %d", i).isEqualTo(Payloads.small(i));
            }

            byte[] large = Payloads.large();
            Tracker t = sender.send(Message.create(large));
            t.awaitSettlement(60, TimeUnit.SECONDS);
            assertThat(t.remoteState().isAccepted())
                    .as("outcome of the large message")
                    .isTrue();
            Delivery d = receiver.receive(60, TimeUnit.SECONDS);
            assertThat(d).as("the large message").isNotNull();
            Message<byte[]> m = d.message();
            assertThat(Payloads.sha256(m.body())).isEqualTo(Payloads.sha256(large));
            assertThat(m.body()).isEqualTo(large);

            // Nothing is left: the server answers a drain by using up the credit.
            receiver.drain().get(30, TimeUnit.SECONDS);
            assertThat(receiver.tryReceive()).isNull();

            receiver.closeAsync().get(30, TimeUnit.SECONDS);
            sender.closeAsync().get(30, TimeUnit.SECONDS);
            // close() waits for the server's close up to the close timeout: well under it, the answer came.
            long closing = System.nanoTime();
            connection.closeAsync().get(CLOSE_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing))
                    .isLessThan(CLOSE_TIMEOUT_MS / 2);
        }
        assertServerSide(id, mechanism, wire, address, Payloads.COUNT + 1);
        recordTiming(id, start);
    }
}
