package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SASL against Qpid's scripted peer, both ways round. */
class SaslDriverTest {

    @Test
    void clientAuthenticatesWithPlainThenOpens() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions()
                .credentials(SaslCredentials.of("user", "pass"))
                .containerId("c"))) {
            h.peer.expectSASLPlainConnect("user", "pass");
            h.peer.expectOpen().withContainerId("c").respond();
            // The application opens straight away; the open waits for SASL to finish.
            h.engine.connection().open();
            h.verify();
            assertThat(h.engine.connection().remoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void clientAuthenticatesAnonymously() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions().credentials(SaslCredentials.anonymous()))) {
            h.peer.expectSASLAnonymousConnect();
            h.peer.expectOpen().respond();
            h.engine.connection().open();
            h.verify();
            assertThat(h.engine.connection().remoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void clientHearsAFailedAuthentication() {
        try (DriverHarness h = DriverHarness.client(new EngineOptions().credentials(SaslCredentials.of("u", "p")))) {
            h.peer.expectFailingSASLPlainConnect((byte) 1);
            h.engine.connection().open();
            h.verify();
            assertThat(h.engine.failure().description()).contains("refused");
            assertThat(h.engine.isFinished()).isTrue();
        }
    }

    @Test
    void serverOffersMechanismsAndAcceptsPlain() {
        InMemoryUserStore users = new InMemoryUserStore().add("user", "pass");
        try (DriverHarness h =
                DriverHarness.server(new EngineOptions().authenticator(new StandardAuthenticator(users, true)))) {
            h.peer.expectSASLHeader();
            h.peer.expectSaslMechanisms()
                    .withSaslServerMechanisms("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN", "ANONYMOUS");
            h.peer.remoteSASLHeader().now();
            h.verify();
            h.peer.expectSaslOutcome().withCode((byte) 0);
            h.peer.remoteSaslInit()
                    .withMechanism("PLAIN")
                    .withInitialResponse("\0user\0pass".getBytes(StandardCharsets.UTF_8))
                    .now();
            h.verify();
            assertThat(h.engine.principal()).isEqualTo("user");
            h.peer.expectAMQPHeader();
            h.peer.expectOpen();
            h.peer.remoteAMQPHeader().now();
            h.peer.remoteOpen().now();
            h.verify();
        }
    }

    @Test
    void serverRefusesABadPasswordAndAnUnofferedMechanism() {
        InMemoryUserStore users = new InMemoryUserStore().add("user", "pass");
        try (DriverHarness h =
                DriverHarness.server(new EngineOptions().authenticator(new StandardAuthenticator(users, false)))) {
            h.peer.expectSASLHeader();
            h.peer.expectSaslMechanisms();
            h.peer.expectSaslOutcome().withCode((byte) 1);
            h.peer.remoteSASLHeader().now();
            h.peer.remoteSaslInit()
                    .withMechanism("PLAIN")
                    .withInitialResponse("\0user\0nope".getBytes(StandardCharsets.UTF_8))
                    .now();
            h.verify();
            assertThat(h.engine.isFinished()).isTrue();
        }
        try (DriverHarness h =
                DriverHarness.server(new EngineOptions().authenticator(new StandardAuthenticator(users, false)))) {
            h.peer.expectSASLHeader();
            h.peer.expectSaslMechanisms();
            h.peer.expectSaslOutcome().withCode((byte) 1);
            h.peer.remoteSASLHeader().now();
            h.peer.remoteSaslInit().withMechanism("ANONYMOUS").now();
            h.verify();
        }
    }
}
