package io.ferrymq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.Command;
import io.ferrymq.testsupport.amqp.ConnectionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python qpid-proton (the Debian package python3-qpid-proton) against Ferry's engine and
 * transport: each case runs {@code src/test/python/interop_client.py} and checks what it
 * reports, and what the server saw.
 *
 * <p>SCRAM-SHA-256 is not in the exchange matrix: Debian builds Proton-C without Cyrus SASL
 * ({@code pn_sasl_extended()} is false, libqpid-proton-core does not link libsasl2), and
 * Proton's own SASL implements only ANONYMOUS, PLAIN and EXTERNAL. The case that proves it,
 * {@link #debiansProtonCannotChooseScramSha256}, fails the day a build with SCRAM arrives,
 * and SCRAM-SHA-256 then belongs in the matrix.
 */
class PythonProtonIT extends InteropTestSupport {
    private static final Path PYTHON = Path.of(System.getProperty("it.python", "/usr/bin/python3"));
    private static final Path SCRIPT =
            Path.of(System.getProperty("it.python.scripts", "src/test/python")).resolve("interop_client.py");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(150);
    private static Path largeFile;

    /** The large message's body, in a file the Python client reads: the same bytes the Java clients send. */
    private static synchronized Path largeFile() throws IOException {
        if (largeFile == null) {
            largeFile = Files.write(pkiDir.resolve("large.bin"), Payloads.large());
        }
        return largeFile;
    }

    private static Command.Result run(Mechanism mechanism, Wire wire, String id, String address, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                PYTHON.toString(),
                SCRIPT.toString(),
                "--port",
                Integer.toString(wire.port(server)),
                "--mech",
                mechanism.saslName,
                "--container-id",
                id,
                "--address",
                address,
                "--count",
                Integer.toString(Payloads.COUNT),
                "--size",
                Integer.toString(Payloads.SMALL_SIZE),
                "--large-file",
                largeFile().toString(),
                "--timeout",
                "120"));
        if (mechanism.needsCredentials()) {
            command.addAll(List.of("--user", USER, "--password", PASSWORD));
        }
        if (wire == Wire.TLS) {
            command.addAll(List.of("--tls", "--ca", server.pki().caPem().toString()));
        }
        command.addAll(List.of(extra));
        Command.Result run = Command.of(command).run(PROCESS_TIMEOUT);
        System.out.println("python client " + id + ":\n" + run.output());
        return run;
    }

    /** The mechanisms Debian's Proton implements, over each of TCP and TLS. */
    static Stream<Arguments> matrixWithoutScram() {
        return matrix().filter(a -> a.get()[0] != Mechanism.SCRAM_SHA_256);
    }

    @ParameterizedTest(name = "Python proton {0} over {1}")
    @MethodSource("matrixWithoutScram")
    void exchangesMessagesBothWaysAndClosesCleanly(Mechanism mechanism, Wire wire) throws Exception {
        long start = System.nanoTime();
        String id = containerId("python", mechanism, wire);
        String address = "interop." + id;
        Command.Result run = run(mechanism, wire, id, address);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.lines())
                .as(run.output())
                .contains(
                        "sasl " + mechanism.saslName + " 0",
                        "small-accepted " + Payloads.COUNT,
                        "small-received " + Payloads.COUNT + " ok",
                        "large-accepted " + Payloads.LARGE_SIZE,
                        "large-received " + Payloads.LARGE_SIZE + " sha256=" + Payloads.sha256(Payloads.large())
                                + " ok",
                        "drained credit=0",
                        "closed-by-peer");
        assertServerSide(id, mechanism, wire, address, Payloads.COUNT + 1);
        recordTiming(id, start);
    }

    /**
     * The server offers SCRAM-SHA-256 (the Java clients use it against this same server), yet
     * Debian's Proton cannot choose it: its SASL layer has no such mechanism, so it sends no
     * sasl-init, reports "Authentication failed [mech=none]" and closes the socket.
     */
    @ParameterizedTest(name = "Python proton SCRAM-SHA-256 over {0}: not in Debian's build")
    @EnumSource(Wire.class)
    void debiansProtonCannotChooseScramSha256(Wire wire) throws Exception {
        String id = containerId("python", Mechanism.SCRAM_SHA_256, wire);
        int before = server.connections().size();
        Command.Result run = run(Mechanism.SCRAM_SHA_256, wire, id, "interop." + id, "--probe-sasl");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.lines())
                .as(run.output())
                .anySatisfy(line -> assertThat(line).startsWith("proton ").endsWith(" sasl-extended False"));
        assertThat(run.lines())
                .as(run.output())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("sasl-failed mech=None")
                        .endsWith("Authentication failed [mech=none]"));
        Await.until(
                () -> server.connections().size() == before + 1
                        && server.connections().get(before).engineFinished(),
                WAIT,
                "the probe's connection to end");
        ConnectionRecord c = server.connections().get(before);
        assertThat(c.kind()).isEqualTo(wire.kind());
        assertThat(c.offered()).contains(Mechanism.SCRAM_SHA_256.saslName);
        assertThat(c.mechanism()).as("the mechanism the client chose").isNull();
        assertThat(c.containerId()).as("no open followed").isNull();
        Await.until(() -> server.openConnections() == 0, WAIT, "the server's sockets to close");
    }
}
