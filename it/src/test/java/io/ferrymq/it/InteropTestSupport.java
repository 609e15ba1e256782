package io.ferrymq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.amqp.AmqpTestServer;
import io.ferrymq.testsupport.amqp.ConnectionRecord;
import io.ferrymq.testsupport.amqp.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One test server per test class, and the checks every client's exchange ends with: what the
 * server saw of the connection, and that it is gone. The server takes every SASL mechanism
 * (ANONYMOUS, PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, with one user) on a plain port and a TLS one.
 */
abstract class InteropTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String USER = "ferry";
    static final String PASSWORD = "ferry-interop-secret";

    @TempDir
    static Path pkiDir;

    static AmqpTestServer server;
    private static final Map<String, Long> TIMINGS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = AmqpTestServer.start(new ServerOptions()
                .containerId("ferry-interop-server")
                .threads(2)
                .user(USER, PASSWORD)
                .tls(pkiDir));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
        new TreeMap<>(TIMINGS).forEach((name, ms) -> System.out.printf("interop timing: %-40s %6d ms%n", name, ms));
        TIMINGS.clear();
    }

    /** Every SASL mechanism over each of TCP and TLS. */
    static Stream<Arguments> matrix() {
        return Stream.of(Mechanism.values())
                .flatMap(m -> Stream.of(Wire.values()).map(w -> Arguments.of(m, w)));
    }

    static String containerId(String client, Mechanism mechanism, Wire wire) {
        return client + "-" + mechanism.saslName.toLowerCase() + "-" + wire.kind();
    }

    static void recordTiming(String name, long startNanos) {
        TIMINGS.put(name, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * Checks the server's side of the exchange: one connection with {@code containerId}, which
     * came over {@code wire}, authenticated with {@code mechanism}, carried the messages both
     * ways (the large one in many frames), and ended with a clean close at both ends; its address is empty again; no socket is
     * left open.
     */
    static void assertServerSide(
            String containerId, Mechanism mechanism, Wire wire, String address, long messagesEachWay) {
        Await.until(
                () -> server.connections(containerId).stream().allMatch(ConnectionRecord::endedCleanly)
                        && !server.connections(containerId).isEmpty(),
                WAIT,
                "a clean end of " + containerId + "'s connection: " + server.connections(containerId));
        List<ConnectionRecord> records = server.connections(containerId);
        assertThat(records).hasSize(1);
        ConnectionRecord c = records.get(0);
        assertThat(c.kind()).isEqualTo(wire.kind());
        assertThat(c.mechanism()).isEqualTo(mechanism.saslName);
        assertThat(c.principal()).isEqualTo(mechanism.expectedPrincipal());
        assertThat(c.messagesIn()).isEqualTo(messagesEachWay);
        assertThat(c.messagesOut()).isEqualTo(messagesEachWay);
        // The large message came in many frames: at most the server's max-frame-size each.
        assertThat(c.mostFramesInOneMessage())
                .isGreaterThanOrEqualTo((int) (Payloads.LARGE_SIZE / AmqpTestServer.MAX_FRAME_SIZE));
        assertThat(c.failure()).isNull();
        assertThat(c.remoteError()).isNull();
        assertThat(server.depth(address)).isZero();
        Await.until(() -> server.openConnections() == 0, WAIT, "the server's sockets to close");
    }
}
