package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.client.ArtemisServer;
import io.ferrymq.client.FerryServer;
import io.ferrymq.client.TestServer;
import io.ferrymq.testsupport.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Senders written the simple way, as many Python qpid-proton and rhea programs are, against the Ferry broker and,
 * side by side, embedded ActiveMQ Artemis: each must get every message through on both.
 *
 * <ul>
 *   <li>A Proton sender that sends what its first credit allows, in the first {@code on_sendable} only, and then
 *       waits: Ferry once granted 32 credits at attach (1,000 only after the first transfer), and such a sender
 *       stopped at 32 of 1,000.
 *   <li>A Proton sender that sends a whole batch and closes its connection right after the last send: whatever the
 *       client has not written when the close goes out is lost. Ferry's session window was 64 frames (16 MiB), so of
 *       1,000 small messages 32 left the client (the credit), and of four 8 MiB messages two.
 *   <li>rhea sending 1,000 messages in one go, waiting for their outcomes, and the same closing at once.
 * </ul>
 * The scripts are {@code src/test/python/simple_sender.py} and {@code src/test/js/rhea_sender.js}; rhea comes from npm
 * ({@code src/test/js/package.json}), installed on first use.
 */
class SimpleSendersIT {
    private static final Path PYTHON = Path.of(System.getProperty("it.python", "/usr/bin/python3"));
    private static final Path PYTHON_SCRIPTS = Path.of(System.getProperty("it.python.scripts", "src/test/python"));
    private static final Path JS_SCRIPTS = Path.of(System.getProperty("it.js.scripts", "src/test/js"));
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);
    private static final int COUNT = 1000;
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @TempDir
    static Path dir;

    static FerryServer ferry;
    static ArtemisServer artemis;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        installRhea();
        ferry = FerryServer.start(dir.resolve("ferry"));
        artemis = ArtemisServer.start(dir.resolve("artemis"), false);
        client = Client.create(new ClientOptions().id("simple-senders-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (ferry != null) {
            ferry.close();
        }
        if (artemis != null) {
            artemis.close();
        }
    }

    static Stream<TestServer> servers() {
        return Stream.of(ferry, artemis);
    }

    /** {@code npm ci} in the scripts' folder unless rhea is there already (npm's registry is reachable here). */
    private static void installRhea() throws IOException, InterruptedException {
        if (Files.isDirectory(JS_SCRIPTS.resolve("node_modules/rhea"))) {
            return;
        }
        Command.Result npm = Command.of("npm", "ci", "--no-audit", "--no-fund")
                .in(JS_SCRIPTS)
                .run(Duration.ofSeconds(300));
        assertThat(npm.exitCode())
                .as("npm ci in %s:%n%s", JS_SCRIPTS, npm.output())
                .isZero();
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Command.Result run = Command.of(command).run(PROCESS_TIMEOUT);
        System.out.println(String.join(" ", command.subList(1, command.size())) + ":\n" + run.output());
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.lines();
    }

    private static List<String> python(TestServer server, String address, String mode, int count, int size)
            throws IOException, InterruptedException {
        return run(List.of(
                PYTHON.toString(),
                PYTHON_SCRIPTS.resolve("simple_sender.py").toString(),
                "--port",
                Integer.toString(server.port()),
                "--address",
                address,
                "--mode",
                mode,
                "--count",
                Integer.toString(count),
                "--size",
                Integer.toString(size),
                "--timeout",
                "60"));
    }

    private static List<String> rhea(TestServer server, String address, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "node",
                JS_SCRIPTS.resolve("rhea_sender.js").toString(),
                "--port",
                Integer.toString(server.port()),
                "--address",
                address,
                "--count",
                Integer.toString(COUNT),
                "--timeout",
                "60"));
        command.addAll(List.of(extra));
        return run(command);
    }

    /** Takes what is on {@code address}: until {@code expected} came, or nothing more for a few seconds. */
    private static int drain(TestServer server, String address, int expected, int size) throws Exception {
        int received = 0;
        try (Connection c = client.connect("127.0.0.1", server.port());
                Receiver r = c.openReceiver(address, new ReceiverOptions().creditWindow(100))) {
            Delivery d;
            while (received < expected && (d = r.receive(received == 0 ? 30 : 5, TimeUnit.SECONDS)) != null) {
                // rhea sends a data section (a byte[] here), Proton an amqp-value holding a binary.
                Object body = d.message().body();
                int length = body instanceof byte[] b
                        ? b.length
                        : ((org.apache.qpid.protonj2.types.Binary) body).getLength();
                assertThat(length).as("message %d's body size", received).isEqualTo(size);
                d.accept();
                received++;
            }
            // Nothing beyond what was sent.
            assertThat(r.tryReceive()).isNull();
        }
        return received;
    }

    private static String address(TestServer server, String what) {
        return "simple." + what + "." + server.name() + "." + ADDRESSES.incrementAndGet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtonSenderThatSendsOnlyInItsFirstOnSendableGetsEveryMessageAccepted(TestServer server) throws Exception {
        String address = address(server, "first-sendable");
        List<String> lines = python(server, address, "first-sendable", COUNT, 100);
        assertThat(lines).containsSubsequence("sent " + COUNT, "accepted " + COUNT);
        assertThat(drain(server, address, COUNT, 100)).isEqualTo(COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtonSenderThatClosesRightAfterABatchOfSmallMessagesHasSentThemAll(TestServer server) throws Exception {
        String address = address(server, "close-small");
        assertThat(python(server, address, "close-after-send", COUNT, 100)).contains("sent " + COUNT);
        assertThat(drain(server, address, COUNT, 100))
                .as("messages that reached %s", server)
                .isEqualTo(COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtonSenderThatClosesRightAfterABatchOfLargeMessagesHasSentThemAll(TestServer server) throws Exception {
        String address = address(server, "close-large");
        int size = 8 << 20;
        assertThat(python(server, address, "close-after-send", 4, size)).contains("sent 4");
        assertThat(drain(server, address, 4, size))
                .as("messages that reached %s", server)
                .isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rheaSendingAThousandMessagesInOneGoHasEachAccepted(TestServer server) throws Exception {
        String address = address(server, "rhea");
        List<String> lines = rhea(server, address);
        assertThat(lines).containsSubsequence("sent " + COUNT, "accepted " + COUNT + " rejected 0 released 0");
        assertThat(drain(server, address, COUNT, 100)).isEqualTo(COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rheaClosingRightAfterAThousandSendsHasSentThemAll(TestServer server) throws Exception {
        String address = address(server, "rhea-close");
        assertThat(rhea(server, address, "--close-after-send")).contains("sent " + COUNT);
        assertThat(drain(server, address, COUNT, 100))
                .as("messages that reached %s", server)
                .isEqualTo(COUNT);
    }
}
