package io.ferrymq.cli;

import static io.ferrymq.cli.MessagingCommandsIT.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.ListenerConfig;
import io.ferrymq.testsupport.amqp.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String STORE_PASSWORD = TestPki.TRUST_STORE_PASSWORD;
    private Path caPem;
    private Path trustStore;
    private Broker broker;
    private String url;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("ferry-cli-tls");
        TestPki pki = TestPki.create(dir);
        caPem = pki.caPem();
        trustStore = pki.trustStore();
        ListenerConfig.TlsConfig tls = new ListenerConfig.TlsConfig(
                null, null, null, pki.serverCertificate(), pki.serverKey(), null, null, null, "none");
        broker = Broker.start(BrokerConfig.defaults()
                .withDataDir(dir.resolve("data"))
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
        MessagingCommandsIT.Run sent = ferry(
                "send",
                url,
                "--trust-store",
                trustStore.toString(),
                "--trust-store-password",
                STORE_PASSWORD,
                "--count",
                "2");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.err()).contains("2 accepted");
        assertThat(ferry(
                                "receive",
                                url,
                                "--trust-store",
                                trustStore.toString(),
                                "--trust-store-password",
                                STORE_PASSWORD,
                                "--count",
                                "2",
                                "--timeout",
                                "5")
                        .code())
                .isZero();
    }

    @Test
    void aWrongTrustStorePasswordIsAUsageErrorThatSaysSo() {
        MessagingCommandsIT.Run run =
                ferry("send", url, "--trust-store", trustStore.toString(), "--trust-store-password", "wrong");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--trust-store: cannot read PKCS12 key store " + trustStore);
    }

    @Test
    void withoutTrustTheHandshakeFailsAtOnceWithItsReason() {
        long start = System.nanoTime();
        MessagingCommandsIT.Run run = ferry("send", url, "--count", "1");
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("TLS handshake failed");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                .as("not a timeout")
                .isLessThan(20);
    }
}
