package io.ferrymq.cli;

import static io.ferrymq.cli.MessagingCommandsIT.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.ListenerConfig;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A broker whose certificate a private CA signed, reached with {@code amqps://}: the commands trust it through
 * {@code --ca} (the CA's PEM) or {@code --trust-store} (a PKCS12 store holding it), so self-signed setups need no
 * {@code --trust-all}; without either they fail at once with the handshake's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsCommandsIT {
    private static final String STORE_PASSWORD = "cli-trust";
    private Path dir;
    private Path caPem;
    private Path trustStore;
    private Broker broker;
    private String url;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ferry-cli-tls");
        X509Bundle ca = new CertificateBuilder().subject("CN=Ferry CLI Test CA").setIsCertificateAuthority(true)
                .ecp256().buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(ca);
        caPem = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Path cert = Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM());
        Path key = Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.getCertificate());
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        ListenerConfig.TlsConfig tls = new ListenerConfig.TlsConfig(null, null, null, cert, key, null, null, null,
                "none");
        broker = Broker.start(BrokerConfig.defaults().withDataDir(dir.resolve("data"))
                .withListeners(List.of(new ListenerConfig("amqps", "127.0.0.1", 0, tls, false, null, true))));
        url = "amqps://localhost:" + broker.ports().get(0) + "/tls.cli";
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void caTrustsAServerItsCaSigned() {
        MessagingCommandsIT.Run sent = ferry("send", url, "--ca", caPem.toString(), "--count", "3");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.err()).contains("3 accepted");
        MessagingCommandsIT.Run got = ferry("receive", url, "--ca", caPem.toString(), "--count", "3", "--timeout", "5");
        assertThat(got.code()).as(got.err()).isZero();
        assertThat(got.lines()).hasSize(3);
    }

    @Test
    void aTrustStoreTrustsItToo() {
        MessagingCommandsIT.Run sent = ferry("send", url, "--trust-store", trustStore.toString(),
                "--trust-store-password", STORE_PASSWORD, "--count", "2");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.err()).contains("2 accepted");
        assertThat(ferry("receive", url, "--trust-store", trustStore.toString(), "--trust-store-password",
                STORE_PASSWORD, "--count", "2", "--timeout", "5").code()).isZero();
    }

    @Test
    void aWrongTrustStorePasswordIsAUsageErrorThatSaysSo() {
        MessagingCommandsIT.Run run = ferry("send", url, "--trust-store", trustStore.toString(),
                "--trust-store-password", "wrong");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--trust-store: cannot read PKCS12 key store " + trustStore);
    }

    @Test
    void withoutTrustTheHandshakeFailsAtOnceWithItsReason() {
        long start = System.nanoTime();
        MessagingCommandsIT.Run run = ferry("send", url, "--count", "1");
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("TLS handshake failed");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("not a timeout").isLessThan(20);
    }
}
