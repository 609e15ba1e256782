package io.ferrymq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.BrokerProcess;
import io.ferrymq.testsupport.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry broker} as a process of its own. */
class BrokerCommandIT {
    /** How long a broker that must refuse to start may take to exit. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    /** SIGTERM stops the broker cleanly, and a clean stop exits with status 0 (docs/broker.md). */
    @Test
    void aSigtermStopsTheBrokerCleanlyWithStatusZero(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), dir.resolve("broker.log"))) {
            assertThat(broker.stop()).as(broker.log()).isZero();
            assertThat(broker.log()).contains("Ferry broker stopping", "broker ferry stopped");
        }
    }

    /** A data directory that cannot be used: the broker exits saying which file and why. */
    @Test
    void anUnusableDataDirectoryIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Command.Result run = BrokerProcess.command(file).run(EXIT_TIMEOUT);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("ferry broker: cannot start: " + file)
                .containsPattern("cannot start: \\S+: [a-z].*\\(check --data");
    }

    /**
     * A journal segment file deleted while the broker was down: the broker refuses to start, naming the file and the
     * option, until {@code --accept-journal-damage} says to go on without it; then it starts with what is left.
     */
    @Test
    void aMissingJournalSegmentStopsTheBrokerUntilTheLossIsAccepted(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("broker.yaml"), "store:\n  segment-size: 64KiB\n");
        Path data = dir.resolve("data");
        try (BrokerProcess broker =
                BrokerProcess.start(data, dir.resolve("broker.log"), List.of(), "--config", config.toString())) {
            MessagingCommandsIT.Run sent = MessagingCommandsIT.ferry(
                    "send",
                    "amqp://127.0.0.1:" + broker.port() + "/damage.q",
                    "--count",
                    "300",
                    "--size",
                    "1024",
                    "--durable");
            assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
            broker.stop();
        }
        List<Path> segments;
        try (java.util.stream.Stream<Path> files = Files.list(data.resolve("journal"))) {
            segments = files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(segments.get(1));

        Command.Result refused =
                BrokerProcess.command(data, "--config", config.toString()).run(EXIT_TIMEOUT);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output())
                .contains("ferry broker: cannot start: journal ")
                .contains(segments.get(1).getFileName() + " (missing)")
                .contains("--accept-journal-damage");

        try (BrokerProcess accepted = BrokerProcess.start(
                data,
                dir.resolve("accepted.log"),
                List.of(),
                "--config",
                config.toString(),
                "--accept-journal-damage")) {
            assertThat(accepted.log()).contains("going on without them");
            MessagingCommandsIT.Run got = MessagingCommandsIT.ferry(
                    "receive", "amqp://127.0.0.1:" + accepted.port() + "/damage.q", "--count", "300", "--timeout", "3");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) message\\(s\\) from")
                    .matcher(got.out() + got.err());
            assertThat(m.find()).as(got.out() + got.err()).isTrue();
            assertThat(Integer.parseInt(m.group(1).replace(",", "")))
                    .as("the messages not in the lost segment")
                    .isBetween(1, 299);
        }
    }

    /**
     * TLS material that cannot be used is configuration: a wrong key-store password, or a PEM key in a form the JDK
     * does not read (with the command that converts it), exits with status 2 naming the listener, as other
     * configuration errors do, instead of failing later as "cannot start".
     */
    @Test
    void unusableTlsMaterialIsAConfigurationError(@TempDir Path dir) throws Exception {
        io.netty.pkitesting.X509Bundle cert = new io.netty.pkitesting.CertificateBuilder()
                .subject("CN=localhost")
                .ecp256()
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        Path store = cert.toTempKeyStoreFile("right".toCharArray()).toPath();
        Path wrongPassword = Files.writeString(
                dir.resolve("wrong-password.yaml"),
                "listeners:\n  - port: 0\n" + "    tls:\n      key-store: " + store
                        + "\n      key-store-password: wrong\n");
        Command.Result wrong = BrokerProcess.command(dir.resolve("data"), "--config", wrongPassword.toString())
                .run(EXIT_TIMEOUT);
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(2);
        assertThat(wrong.output())
                .contains("listeners[0].tls: cannot read PKCS12 key store " + store)
                .contains("password");

        Path pem = Files.writeString(dir.resolve("server.pem"), cert.getCertificatePEM());
        Path rsa = Files.writeString(
                dir.resolve("server.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n" + "-----END RSA PRIVATE KEY-----\n");
        Path pkcs1 = Files.writeString(
                dir.resolve("pkcs1.yaml"),
                "listeners:\n  - port: 0\n" + "    tls:\n      certificate: " + pem + "\n      private-key: " + rsa
                        + "\n");
        Command.Result pkcs1Key = BrokerProcess.command(dir.resolve("data"), "--config", pkcs1.toString())
                .run(EXIT_TIMEOUT);
        assertThat(pkcs1Key.exitCode()).as(pkcs1Key.output()).isEqualTo(2);
        assertThat(pkcs1Key.output()).contains("is a PKCS#1 RSA key").contains("openssl pkcs8 -topk8 -nocrypt");
    }
}
