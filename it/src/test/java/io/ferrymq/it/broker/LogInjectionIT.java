package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's strings go into the broker's log escaped: a container-id holding a line break and a terminal escape cannot
 * forge a log line or colour an operator's terminal (it used to be logged raw).
 */
class LogInjectionIT {
    private static final String FORGED = "12:00:00.000 [INFO] Broker - user admin granted everything";

    @Test
    void aContainerIdCannotForgeALogLine(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"));
                Client client = Client.create(new ClientOptions().id("evil\r\n" + FORGED + "\u001b[31m"))) {
            try (Connection c = client.connect("127.0.0.1", broker.port, new ConnectionOptions())) {
                c.openSender("log.injection").openFuture().get(30, TimeUnit.SECONDS);
            }
            Await.until(() -> BrokerProcess.read(broker.log).contains("container evil"), Await.WAIT,
                    () -> "the connection in the log:\n" + BrokerProcess.read(broker.log));
            String log = BrokerProcess.read(broker.log);
            assertThat(log).contains("container evil\\r\\n" + FORGED + "\\u001b[31m");
            assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
            assertThat(log).doesNotContain("\u001b");
        }
    }
}
