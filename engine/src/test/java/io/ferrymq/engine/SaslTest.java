package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.security.SaslCode;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.ferrymq.engine.sasl.ScramAlgorithm;
import io.ferrymq.engine.sasl.ScramCredential;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SASL between a Ferry client and a Ferry server, every mechanism, success and failure. */
class SaslTest {
    private static final InMemoryUserStore USERS = new InMemoryUserStore().add("alice", "s3cret");

    private static EnginePair pair(SaslCredentials credentials, boolean allowAnonymous, String tlsPrincipal) {
        EnginePair pair = new EnginePair(
                new EngineOptions().credentials(credentials),
                new EngineOptions().authenticator(new StandardAuthenticator(USERS, allowAnonymous)));
        pair.server.tlsPrincipal(tlsPrincipal);
        return pair;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void aUserAuthenticatesWithEachPasswordMechanism(String mechanism) {
        EnginePair pair = pair(SaslCredentials.of("alice", "s3cret").only(mechanism), false, null);
        pair.openSession();
        assertThat(pair.server.saslOutcome().code()).isEqualTo(SaslCode.OK);
        assertThat(pair.server.principal()).isEqualTo("alice");
        assertThat(pair.client.connection().remoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(pair.serverEvents.events).containsExactly("open", "begin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void aWrongPasswordIsRefused(String mechanism) {
        EnginePair pair = pair(SaslCredentials.of("alice", "wrong").only(mechanism), false, null);
        pair.openSession();
        assertThat(pair.server.saslOutcome().code()).isEqualTo(SaslCode.AUTH);
        assertThat(pair.server.principal()).isNull();
        assertThat(pair.client.failure().condition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        assertThat(pair.serverEvents.events).doesNotContain("open");
        assertThat(pair.client.isFinished()).isTrue();
        assertThat(pair.server.isFinished()).isTrue();
    }

    @Test
    void anUnknownUserIsRefusedWithoutSayingSo() {
        EnginePair pair = pair(SaslCredentials.of("mallory", "x").only("SCRAM-SHA-256"), false, null);
        pair.openSession();
        assertThat(pair.server.saslOutcome().code()).isEqualTo(SaslCode.AUTH);
    }

    @Test
    void theStrongestCommonMechanismIsChosen() {
        EnginePair pair = pair(SaslCredentials.of("alice", "s3cret"), true, null);
        pair.openSession();
        assertThat(pair.server.principal()).isEqualTo("alice");
        assertThat(pair.server.saslOutcome().code()).isEqualTo(SaslCode.OK);
    }

    @Test
    void anonymousWhenAllowed() {
        EnginePair pair = pair(SaslCredentials.anonymous(), true, null);
        pair.openSession();
        assertThat(pair.server.principal()).isEqualTo("anonymous");
        assertThat(pair.serverEvents.events).containsExactly("open", "begin");
    }

    @Test
    void anonymousRefusedWhenNotOffered() {
        EnginePair pair = pair(SaslCredentials.anonymous(), false, null);
        pair.openSession();
        assertThat(pair.client.failure().description()).contains("no offered SASL mechanism fits");
        assertThat(pair.serverEvents.events).isEmpty();
    }

    @Test
    void externalUsesTheTlsIdentity() {
        EnginePair pair = pair(SaslCredentials.anonymous().withExternal(), false, "CN=client-1");
        pair.openSession();
        assertThat(pair.server.principal()).isEqualTo("CN=client-1");
    }

    @Test
    void withoutSaslAServerThatDoesNotRequireItAcceptsPlainAmqp() {
        EnginePair pair = new EnginePair(
                new EngineOptions(),
                new EngineOptions()
                        .authenticator(new StandardAuthenticator(USERS, true))
                        .saslRequired(false));
        pair.openSession();
        assertThat(pair.serverEvents.events).containsExactly("open", "begin");
        assertThat(pair.server.principal()).isNull();
    }

    @Test
    void storedCredentialsSurviveTheirTextForm() {
        ScramCredential c = ScramCredential.create(ScramAlgorithm.SHA_512, "pw");
        ScramCredential back = ScramCredential.decode(c.encode());
        assertThat(back.matches("pw")).isTrue();
        assertThat(back.matches("other")).isFalse();
        InMemoryUserStore users =
                new InMemoryUserStore().add("bob", back, ScramCredential.create(ScramAlgorithm.SHA_256, "pw"));
        EnginePair pair = new EnginePair(
                new EngineOptions().credentials(SaslCredentials.of("bob", "pw")),
                new EngineOptions().authenticator(new StandardAuthenticator(users, false)));
        pair.openSession();
        assertThat(pair.server.principal()).isEqualTo("bob");
    }

    @Test
    void rfc7677TestVectorVerifies() {
        // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        byte[] salt = java.util.Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramCredential c = ScramCredential.derive(ScramAlgorithm.SHA_256, "pencil", salt, 4096);
        // ServerSignature for the RFC's exchange: v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] serverSignature;
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(c.serverKey(), "HmacSHA256"));
            serverSignature = mac.doFinal(authMessage.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThat(java.util.Base64.getEncoder().encodeToString(serverSignature))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }
}
