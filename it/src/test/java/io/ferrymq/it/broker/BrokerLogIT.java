package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.BrokerProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a broker process logs about its peers: their strings escaped (a container-id holding a line break and a
 * terminal escape cannot forge a log line or colour an operator's terminal; it used to be logged raw), refused links and
 * dead-lettered messages at INFO with the peer and the reason (the broker used to log nothing of them), and timestamps
 * that carry the date.
 */
class BrokerLogIT {
    private static final String FORGED = "12:00:00.000 [INFO] Broker - user admin granted everything";

    @Test
    void aContainerIdCannotForgeALogLine(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"));
                Client client = Client.create(new ClientOptions().id("evil\r\n" + FORGED + "\u001b[31m"))) {
            try (Connection c = client.connect("127.0.0.1", broker.port(), new ConnectionOptions())) {
                c.openSender("log.injection").openFuture().get(30, TimeUnit.SECONDS);
            }
            Await.until(
                    () -> broker.log().contains("container evil"),
                    Await.WAIT,
                    () -> "the connection in the log:\n" + broker.log());
            String log = broker.log();
            assertThat(log).contains("container evil\\r\\n" + FORGED + "\\u001b[31m");
            assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
            assertThat(log).doesNotContain("\u001b");
        }
    }

    @Test
    void refusedLinksAndDeadLettersAreLoggedWithTheReasonAndDatedTimestamps(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"));
                Client client = Client.create(new ClientOptions().id("log-it"))) {
            try (Connection c = client.connect("127.0.0.1", broker.port(), new ConnectionOptions())) {
                org.apache.qpid.protonj2.client.Sender refused = c.openSender("$not.served");
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> refused.openFuture().get(30, TimeUnit.SECONDS))
                        .hasMessageContaining("reserved");
                c.openSender("log.dlq")
                        .send(org.apache.qpid.protonj2.client.Message.create("poison"))
                        .awaitSettlement(30, TimeUnit.SECONDS);
                org.apache.qpid.protonj2.client.Receiver r = c.openReceiver(
                        "log.dlq", new org.apache.qpid.protonj2.client.ReceiverOptions().autoAccept(false));
                r.receive(30, TimeUnit.SECONDS)
                        .disposition(
                                org.apache.qpid.protonj2.client.DeliveryState.rejected("bad", "cannot parse it"), true);
            }
            Await.until(
                    () -> broker.log().contains("moved dead letter"),
                    Await.WAIT,
                    () -> "the dead letter in the log:\n" + broker.log());
            String log = broker.log();
            assertThat(log)
                    .containsPattern("refused link '[^']*' from /127.0.0.1:\\d+ \\(user anonymous\\): "
                            + "amqp:not-found address '\\$not.served' does not exist");
            assertThat(log)
                    .containsPattern("moved dead letter \\d+ from queue log.dlq to 'DLQ': rejected: cannot parse it");
            assertThat(log.lines().filter(l -> l.contains("[INFO]")))
                    .allMatch(l ->
                            l.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*"));
        }
    }
}
