package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.Command;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python qpid-proton (the Debian package python3-qpid-proton) against the broker: a queue and a
 * topic, every message sent unsettled and accepted by the receiver ({@code src/test/python/broker_client.py}).
 */
class BrokerPythonIT {
    private static final Path PYTHON = Path.of(System.getProperty("it.python", "/usr/bin/python3"));
    private static final Path SCRIPT =
            Path.of(System.getProperty("it.python.scripts", "src/test/python")).resolve("broker_client.py");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);
    private static final int COUNT = 2000;
    private static final int UNSETTLED = 25;

    @TempDir
    static Path dataDir;

    static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(
                BrokerConfig.defaults().withDataDir(dataDir.resolve("broker")).withPort(0));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<String> run(String scenario, String address) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                PYTHON.toString(),
                SCRIPT.toString(),
                "--port",
                Integer.toString(broker.ports().get(0)),
                "--scenario",
                scenario,
                "--address",
                address,
                "--container-id",
                "python-" + scenario,
                "--count",
                Integer.toString(COUNT),
                "--unsettled",
                Integer.toString(UNSETTLED),
                "--timeout",
                "60"));
        Command.Result run = Command.of(command).run(PROCESS_TIMEOUT);
        System.out.println("python broker client, " + scenario + ":\n" + run.output());
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.lines();
    }

    /**
     * Through a queue: all accepted on the way in; the ones a first receiver left unsettled come
     * back, counted once, to the next; every one accepted on the way out, and the queue is empty.
     */
    @Test
    void queueWithAtLeastOnceSettlement() throws Exception {
        String address = "python.queue";
        List<String> lines = run("queue", address);
        assertThat(lines)
                .containsSubsequence(
                        "queue-accepted " + COUNT,
                        "queue-unsettled " + UNSETTLED,
                        "queue-received " + COUNT + " ok redelivered=" + UNSETTLED,
                        "closed-by-peer");
        InProcess.awaitDepth(broker, address, 0);
        assertThat(InProcess.queue(broker, address).acknowledged()).isEqualTo(COUNT);
    }

    /** Through a topic: both subscribers get and accept every message; their subscriptions end with them. */
    @Test
    void topicWithAtLeastOnceSettlement() throws Exception {
        String address = "python.topic";
        List<String> lines = run("topic", address);
        assertThat(lines).containsSubsequence("topic-subscribed 2", "topic-accepted " + COUNT);
        assertThat(lines)
                .contains(
                        "topic-received sub1 " + COUNT + " ok",
                        "topic-received sub2 " + COUNT + " ok",
                        "closed-by-peer");
        Await.until(() -> broker.queueNames(address).isEmpty(), "the subscriptions to go");
    }
}
