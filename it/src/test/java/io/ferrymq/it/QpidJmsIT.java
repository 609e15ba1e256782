package io.ferrymq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.amqp.TestPki;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Qpid JMS (Jakarta Messaging) against Ferry's engine and transport. */
class QpidJmsIT extends InteropTestSupport {
    private static final long CLOSE_TIMEOUT_MS = 20_000;

    private static String uri(Mechanism mechanism, Wire wire, String clientId) {
        StringBuilder uri = new StringBuilder(wire == Wire.TLS ? "amqps" : "amqp")
                .append("://127.0.0.1:")
                .append(wire.port(server))
                .append("?amqp.saslMechanisms=")
                .append(mechanism.saslName)
                .append("&jms.clientID=")
                .append(clientId)
                .append("&jms.closeTimeout=")
                .append(CLOSE_TIMEOUT_MS);
        if (mechanism.needsCredentials()) {
            uri.append("&jms.username=")
                    .append(encode(USER))
                    .append("&jms.password=")
                    .append(encode(PASSWORD));
        }
        if (wire == Wire.TLS) {
            uri.append("&transport.trustStoreLocation=")
                    .append(encode(server.pki().trustStore().toString()))
                    .append("&transport.trustStorePassword=")
                    .append(encode(TestPki.TRUST_STORE_PASSWORD))
                    .append("&transport.trustStoreType=PKCS12&transport.verifyHost=true");
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "Qpid JMS {0} over {1}")
    @MethodSource("matrix")
    void exchangesMessagesBothWaysAndClosesCleanly(Mechanism mechanism, Wire wire) throws Exception {
        long start = System.nanoTime();
        String id = containerId("jms", mechanism, wire);
        String address = "interop." + id;
        JmsConnectionFactory factory = new JmsConnectionFactory(uri(mechanism, wire, id));
        Connection connection = factory.createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(address);
            MessageProducer producer = session.createProducer(queue);

            // Asynchronous sends (JMS 2): pipelined, each completed when the server accepts it.
            CountDownLatch completed = new CountDownLatch(Payloads.COUNT);
            java.util.Queue<Exception> failures = new ConcurrentLinkedQueue<>();
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failures.add(exception);
                    completed.countDown();
                }
            };
            for (int i = 0; i < Payloads.COUNT; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(Payloads.small(i));
                producer.send(m, listener);
            }
            assertThat(completed.await(60, TimeUnit.SECONDS))
                    .as("all sends completed")
                    .isTrue();
            assertThat(failures).isEmpty();

            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < Payloads.COUNT; i++) {
                Message m = consumer.receive(30_000);
                assertThat(m).as("small message %d", i).isInstanceOf(BytesMessage.class);
                assertThat(m.getBody(byte[].class)).as("small message %d", i).isEqualTo(Payloads.small(i));
            }

            byte[] large = Payloads.large();
            BytesMessage big = session.createBytesMessage();
            big.writeBytes(large);
            producer.send(big); // persistent: waits until the server accepts it
            Message m = consumer.receive(60_000);
            assertThat(m).as("the large message").isInstanceOf(BytesMessage.class);
            byte[] body = m.getBody(byte[].class);
            assertThat(Payloads.sha256(body)).isEqualTo(Payloads.sha256(large));
            assertThat(body).isEqualTo(large);

            consumer.close();
            producer.close();
            session.close();
        } finally {
            // close() waits for the server's close up to jms.closeTimeout: well under it, the answer came.
            long closing = System.nanoTime();
            connection.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing))
                    .isLessThan(CLOSE_TIMEOUT_MS / 2);
        }
        assertServerSide(id, mechanism, wire, address, Payloads.COUNT + 1);
        recordTiming(id, start);
    }
}
