package io.ferrymq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.client.ArtemisServer;
import io.ferrymq.client.FerryServer;
import io.ferrymq.client.TestServer;
import io.ferrymq.testsupport.Command;
import io.ferrymq.testsupport.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ferry send}, {@code receive} and {@code bench}, run end to end against Artemis and against Ferry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagingCommandsIT {
    private List<TestServer> servers;
    private Path dir;

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ferry-cli-it");
        servers = List.of(ArtemisServer.start(dir.resolve("artemis"), false), FerryServer.start(dir.resolve("ferry")));
    }

    @AfterAll
    void stop() throws Exception {
        for (TestServer s : servers) {
            s.close();
        }
    }

    Stream<TestServer> servers() {
        return servers.stream();
    }

    static synchronized Run ferry(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Ferry.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String q(TestServer s) {
        return s.uri() + "/cli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void sendThenReceive(TestServer server) {
        String url = q(server);
        Run sent = ferry("send", url, "--count", "10", "--durable");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.err()).contains("10 message(s)").contains("10 accepted");
        Run got = ferry("receive", url, "--count", "10", "--timeout", "5");
        assertThat(got.code()).as(got.err()).isZero();
        assertThat(got.lines())
                .containsExactly(
                        "message 0",
                        "message 1",
                        "message 2",
                        "message 3",
                        "message 4",
                        "message 5",
                        "message 6",
                        "message 7",
                        "message 8",
                        "message 9");
        assertThat(got.err()).contains("10 message(s)");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void bodiesFromTextSizeAndFileAsJson(TestServer server) throws Exception {
        String url = q(server);
        Path file = dir.resolve("body.txt");
        Files.writeString(file, "from a file");
        assertThat(ferry("send", url, "--body", "the text").code()).isZero();
        assertThat(ferry("send", url, "--size", "5").code()).isZero();
        assertThat(ferry("send", url, "--file", file.toString()).code()).isZero();
        Run got = ferry("receive", url, "--count", "3", "--output", "json");
        assertThat(got.code()).as(got.err()).isZero();
        assertThat(got.lines()).hasSize(3);
        assertThat(got.lines().get(0)).startsWith("{\"id\":0").contains("\"body\":\"the text\"");
        assertThat(got.lines().get(1)).contains("\"bodyEncoding\":\"base64\"").contains("\"body\":\"YWJjZGU=\"");
        assertThat(got.lines().get(2)).contains("\"body\":\"ZnJvbSBhIGZpbGU=\"");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void browseAndSelector(TestServer server) {
        String url = q(server);
        assertThat(ferry("send", url, "--count", "3").code()).isZero();
        Run browsed = ferry("receive", url, "--browse", "--timeout", "1");
        assertThat(browsed.lines()).containsExactly("message 0", "message 1", "message 2");
        Run none = ferry("receive", url, "--selector", "color = 'red'", "--timeout", "1");
        assertThat(none.code()).isZero();
        assertThat(none.lines()).isEmpty();
        Run all = ferry("receive", url, "--count", "3", "--timeout", "5");
        assertThat(all.lines()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void tooFewMessagesBeforeTheTimeoutIsAFailure(TestServer server) {
        String url = q(server);
        assertThat(ferry("send", url, "--count", "2").code()).isZero();
        Run got = ferry("receive", url, "--count", "5", "--timeout", "1");
        assertThat(got.code()).isEqualTo(1);
        assertThat(got.lines()).hasSize(2);
        assertThat(got.err()).contains("only 2 of 5 message(s) came within the 1 s timeout");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void benchReportsThroughputAndLatency(TestServer server) {
        Run run = ferry("bench", q(server), "--count", "3000", "--size", "256", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("\"client\":\"ferry\"")
                .contains("\"sent\":3000")
                .contains("\"received\":3000")
                .contains("\"msgPerSecond\"")
                .contains("\"p99.9\"");
        Run text = ferry(
                "bench",
                q(server),
                "--duration",
                "1",
                "--senders",
                "2",
                "--receivers",
                "2",
                "--rate",
                "500",
                "--settle",
                "at-most-once");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("2 sender(s), 2 receiver(s)")
                .contains("throughput")
                .contains("latency ms");
        Run warm = ferry("bench", q(server), "--duration", "2", "--warmup", "1", "--rate", "400", "--json");
        assertThat(warm.code()).as(warm.err()).isZero();
        long received = Long.parseLong(
                warm.out().replaceAll("(?s).*\"received\":(\\d+).*", "$1").trim());
        long measured = Long.parseLong(
                warm.out().replaceAll("(?s).*\"measured\":(\\d+).*", "$1").trim());
        assertThat(measured)
                .as("what arrived in the first second is left out")
                .isPositive()
                .isLessThan(received);
    }

    @Test
    void noServerIsAFailureThatSaysWhatToDo() throws Exception {
        Run run = ferry("send", "amqp://127.0.0.1:" + Ports.free() + "/q", "--timeout", "5");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("is a server running at").contains("ferry broker");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        Run noAddress = ferry("send", "amqp://localhost:5672");
        assertThat(noAddress.code()).isEqualTo(2);
        assertThat(noAddress.err()).contains("names no address").contains("amqp://localhost:5672/orders");
        Run badSettle = ferry("send", "amqp://localhost/q", "--settle", "sometimes");
        assertThat(badSettle.code()).isEqualTo(2);
        assertThat(badSettle.err()).contains("at-least-once");
        Run both = ferry("send", "amqp://localhost/q", "--body", "a", "--size", "3");
        assertThat(both.code()).isEqualTo(2);
        Run tiny = ferry("bench", "amqp://localhost/q", "--size", "4");
        assertThat(tiny.code()).isEqualTo(2);
        assertThat(tiny.err()).contains("--size must be at least 8");
        Run longWarmup = ferry("bench", "amqp://localhost/q", "--duration", "2", "--warmup", "3");
        assertThat(longWarmup.code()).isEqualTo(2);
        assertThat(longWarmup.err()).contains("--warmup must be shorter than --duration");
        Run brokerPort = ferry("broker", "--port", "not-a-number");
        assertThat(brokerPort.code())
                .as("picocli's invalid input is bad usage in every command")
                .isEqualTo(2);
        Run help = ferry("receive", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--selector").contains("Exit codes");
    }

    @Test
    void theShadedCommandRunsAsAProcess() throws Exception {
        Path jar = Path.of("target", "ferry.jar");
        assertThat(jar).exists();
        TestServer server = servers.get(1);
        String url = q(server);
        Command.Result send = Command.of(
                        Command.java(), "-jar", jar.toString(), "send", url, "--body", "over a process")
                .run(Duration.ofSeconds(60));
        assertThat(send.exitCode()).as(send.output()).isZero();
        Command.Result receive = Command.of(Command.java(), "-jar", jar.toString(), "receive", url, "--count", "1")
                .withoutStderr()
                .run(Duration.ofSeconds(60));
        assertThat(receive.exitCode()).isZero();
        assertThat(receive.output().strip()).isEqualTo("over a process");
    }

    /** A password never appears in what the commands print: not in bench's report or JSON, not in errors. */
    @Test
    void passwordsAreNeverPrinted() throws Exception {
        TestServer artemis = servers.get(0); // security off: any credentials are taken
        String url = "amqp://alice:s3cret-pw@127.0.0.1:" + artemis.port() + "/cli-secret";
        Run json = ferry("bench", url, "--count", "200", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).contains("amqp://alice:****@127.0.0.1:" + artemis.port() + "/cli-secret");
        Run text = ferry("bench", url, "--count", "200");
        assertThat(text.code()).as(text.err()).isZero();
        int closed = Ports.free();
        Run refused = ferry("send", "amqp://alice:s3cret-pw@127.0.0.1:" + closed + "/q", "--timeout", "5");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("amqp://alice:****@127.0.0.1:" + closed);
        Run badUrl = ferry("send", "amqp://alice:s3cret-pw@127.0.0.1:" + closed, "--timeout", "5");
        assertThat(badUrl.code()).isEqualTo(2);
        for (Run r : List.of(json, text, refused, badUrl)) {
            assertThat(r.out() + r.err()).doesNotContain("s3cret-pw");
        }
    }

    /** ferry user hash reads the password from standard input when it is not on the command line. */
    @Test
    void userHashReadsThePasswordFromStandardInput() {
        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("from-stdin\n".getBytes(StandardCharsets.UTF_8)));
            Run run = ferry("user", "hash", "alice");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("alice:").contains("SCRAM-SHA-256:");
            String line = run.lines().stream()
                    .filter(l -> l.contains("SCRAM-SHA-256:"))
                    .findFirst()
                    .orElseThrow();
            String encoded = line.trim().substring(3, line.trim().length() - 1);
            var credential = io.ferrymq.engine.sasl.ScramCredential.decode(encoded);
            assertThat(credential.matches("from-stdin")).isTrue();
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            Run none = ferry("user", "hash", "alice");
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err()).contains("no password");
        } finally {
            System.setIn(in);
        }
    }

    /** ferry send says what came back instead of accepted: the outcome and condition, and a count per kind. */
    @Test
    void sendReportsTheOutcomesThatWereNotAccepted() throws Exception {
        Path data = Files.createTempDirectory(dir, "small-queue");
        var config = io.ferrymq.broker.config.BrokerConfig.defaults()
                .withDataDir(data)
                .withPort(0)
                .withAddresses(List.of(
                        new io.ferrymq.broker.config.AddressConfig(
                                "cli.small", null, true, true, 2L, null, null, null, null),
                        new io.ferrymq.broker.config.AddressConfig("#", null, true, true, -1L, -1L, null, null, null)));
        try (io.ferrymq.broker.Broker broker = io.ferrymq.broker.Broker.start(config)) {
            Run run = ferry(
                    "send",
                    "amqp://127.0.0.1:" + broker.ports().get(0) + "/cli.small",
                    "--count",
                    "5",
                    "--timeout",
                    "10");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err())
                    .contains("2 accepted, 3 NOT accepted:")
                    .contains("3 rejected amqp:resource-limit-exceeded (")
                    .contains("a message was not accepted: rejected amqp:resource-limit-exceeded");
        }
    }

    /** --ca names the CA to trust; a file that cannot be read is a usage error that says what to give. */
    @Test
    void caFileMustBeReadable() {
        Run run = ferry("send", "amqps://127.0.0.1:1/q", "--ca", "/nonexistent/ca.pem");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read --ca /nonexistent/ca.pem");
    }
}
