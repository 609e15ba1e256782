package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connection, session or link keeps its own copy of the options it was made with: a caller that changed its options
 * object after connecting raced the connection's event loop, which read it, and {@link Connection#options()} handed
 * the live object back for anyone to change.
 */
class OptionsCopyTest {
    @Test
    void aConnectionKeepsItsOwnOptions() throws Exception {
        int closedPort = Ports.free(); // nothing listens there: the connection fails, but exists
        ConnectionOptions mine =
                new ConnectionOptions().user("alice").password("secret").requestTimeout(Duration.ofSeconds(7));
        mine.reconnect().addServer("amqp://127.0.0.1:1");
        try (Client client = Client.create()) {
            Connection c = client.connect("127.0.0.1", closedPort, mine);
            mine.user("mallory").requestTimeout(Duration.ofSeconds(1));
            mine.reconnect().addServer("amqp://127.0.0.1:2");
            assertThat(c.options().user()).isEqualTo("alice");
            assertThat(c.options().requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(c.options().reconnect().servers()).hasSize(1);

            ConnectionOptions handedOut = c.options();
            handedOut.user("eve");
            handedOut.reconnect().addServer("amqp://127.0.0.1:3");
            assertThat(c.options().user())
                    .as("what options() returns is a copy")
                    .isEqualTo("alice");
            assertThat(c.options().reconnect().servers()).hasSize(1);
        }
    }

    @Test
    void linkAndSessionOptionsCopyEverySetting() {
        ReceiverOptions r = new ReceiverOptions()
                .creditWindow(7)
                .autoAccept(false)
                .selector("a = 1")
                .browse(true);
        ReceiverOptions rc = r.copy();
        r.creditWindow(1).selector("b = 2");
        assertThat(rc.creditWindow()).isEqualTo(7);
        assertThat(rc.autoAccept()).isFalse();
        assertThat(rc.selector()).isEqualTo("a = 1");
        assertThat(rc.browse()).isTrue();

        SenderOptions s =
                new SenderOptions().deliveryMode(DeliveryMode.AT_MOST_ONCE).maxBufferedBytes(123);
        SenderOptions sc = s.copy();
        s.deliveryMode(DeliveryMode.AT_LEAST_ONCE).maxBufferedBytes(1);
        assertThat(sc.deliveryMode()).isEqualTo(DeliveryMode.AT_MOST_ONCE);
        assertThat(sc.maxBufferedBytes()).isEqualTo(123);

        assertThat(new SessionOptions().incomingCapacity(42).copy().incomingCapacity())
                .isEqualTo(42);
    }
}
