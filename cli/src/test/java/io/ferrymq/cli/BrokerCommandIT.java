package io.ferrymq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry broker} as a process of its own. */
class BrokerCommandIT {
    /** SIGTERM stops the broker cleanly, and a clean stop exits with status 0 (docs/broker.md). */
    @Test
    void aSigtermStopsTheBrokerCleanlyWithStatusZero(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "broker", "--port", "0",
                "--data", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Ferry broker ready on port(s)")) {
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime() - deadline).as("waited for the broker to start").isNegative();
                LockSupport.parkNanos(20_000_000);
            }
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker stopped").isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Ferry broker stopping", "broker ferry stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    /** A data directory that cannot be used: the broker exits saying which file and why. */
    @Test
    void anUnusableDataDirectoryIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "broker", "--port", "0",
                "--data", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker gave up").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("ferry broker: cannot start: " + file)
                .containsPattern("cannot start: \\S+: [a-z].*\\(check --data");
    }

    /** Starts {@code ferry broker} with {@code args} after its own, output to {@code log}. */
    private static Process broker(Path log, String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Ferry.class.getName(), "broker", "--port", "0"));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for the broker to say it is ready; returns its port. */
    private static int awaitReady(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.regex.Pattern ready = java.util.regex.Pattern.compile("ready on port\\(s\\) \\[(\\d+)");
        while (true) {
            java.util.regex.Matcher m = ready.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime() - deadline).as("waited for the broker to start").isNegative();
            LockSupport.parkNanos(20_000_000);
        }
    }

    /**
     * A journal segment file deleted while the broker was down: the broker refuses to start, naming the file and the
     * option, until {@code --accept-journal-damage} says to go on without it; then it starts with what is left.
     */
    @Test
    void aMissingJournalSegmentStopsTheBrokerUntilTheLossIsAccepted(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("broker.yaml"), "store:\n  segment-size: 64KiB\n");
        Path data = dir.resolve("data");
        Path log = dir.resolve("broker.log");
        Process p = broker(log, "--config", config.toString(), "--data", data.toString());
        try {
            int port = awaitReady(p, log);
            MessagingCommandsIT.Run sent = MessagingCommandsIT.ferry("send", "amqp://127.0.0.1:" + port + "/damage.q",
                    "--count", "300", "--size", "1024", "--durable");
            assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        java.util.List<Path> segments;
        try (java.util.stream.Stream<Path> files = Files.list(data.resolve("journal"))) {
            segments = files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(segments.get(1));

        Path refusedLog = dir.resolve("refused.log");
        Process refused = broker(refusedLog, "--config", config.toString(), "--data", data.toString());
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("the broker gave up").isTrue();
        assertThat(refused.exitValue()).isEqualTo(1);
        assertThat(Files.readString(refusedLog)).contains("ferry broker: cannot start: journal ")
                .contains(segments.get(1).getFileName() + " (missing)").contains("--accept-journal-damage");

        Path acceptedLog = dir.resolve("accepted.log");
        Process accepted = broker(acceptedLog, "--config", config.toString(), "--data", data.toString(),
                "--accept-journal-damage");
        try {
            int port = awaitReady(accepted, acceptedLog);
            assertThat(Files.readString(acceptedLog)).contains("going on without them");
            MessagingCommandsIT.Run got = MessagingCommandsIT.ferry("receive", "amqp://127.0.0.1:" + port
                    + "/damage.q", "--count", "300", "--timeout", "3");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) message\\(s\\) from")
                    .matcher(got.out() + got.err());
            assertThat(m.find()).as(got.out() + got.err()).isTrue();
            assertThat(Integer.parseInt(m.group(1).replace(",", ""))).as("the messages not in the lost segment")
                    .isBetween(1, 299);
        } finally {
            accepted.destroyForcibly();
        }
    }

    /**
     * TLS material that cannot be used is configuration: a wrong key-store password, or a PEM key in a form the JDK
     * does not read (with the command that converts it), exits with status 2 naming the listener, as other
     * configuration errors do, instead of failing later as "cannot start".
     */
    @Test
    void unusableTlsMaterialIsAConfigurationError(@TempDir Path dir) throws Exception {
        io.netty.pkitesting.X509Bundle cert = new io.netty.pkitesting.CertificateBuilder().subject("CN=localhost")
                .ecp256().setIsCertificateAuthority(true).buildSelfSigned();
        Path store = cert.toTempKeyStoreFile("right".toCharArray()).toPath();
        Path wrongPassword = Files.writeString(dir.resolve("wrong-password.yaml"), "listeners:\n  - port: 0\n"
                + "    tls:\n      key-store: " + store + "\n      key-store-password: wrong\n");
        Path log = dir.resolve("wrong-password.log");
        Process p = broker(log, "--config", wrongPassword.toString(), "--data", dir.resolve("data").toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(2);
        assertThat(Files.readString(log)).contains("listeners[0].tls: cannot read PKCS12 key store " + store)
                .contains("password");

        Path pem = Files.writeString(dir.resolve("server.pem"), cert.getCertificatePEM());
        Path rsa = Files.writeString(dir.resolve("server.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.yaml"), "listeners:\n  - port: 0\n"
                + "    tls:\n      certificate: " + pem + "\n      private-key: " + rsa + "\n");
        Path log2 = dir.resolve("pkcs1.log");
        Process p2 = broker(log2, "--config", pkcs1.toString(), "--data", dir.resolve("data").toString());
        assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.exitValue()).as(Files.readString(log2)).isEqualTo(2);
        assertThat(Files.readString(log2)).contains("is a PKCS#1 RSA key").contains("openssl pkcs8 -topk8 -nocrypt");
    }
}
