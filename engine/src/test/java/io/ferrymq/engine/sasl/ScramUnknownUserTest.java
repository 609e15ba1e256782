package io.ferrymq.engine.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.Binary;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * SCRAM must not tell which user names exist: an unknown user's server-first-message carries a salt that is the same at
 * every attempt, as a real user's is (it once was fresh and random each time, which told them apart).
 */
class ScramUnknownUserTest {
    private static String salt(UserStore users, String user) throws SaslException {
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, users);
        Binary first = server.respond(new Binary(("n,,n=" + user + ",r=clientnonce").getBytes(StandardCharsets.UTF_8)));
        String serverFirst = new String(first.toByteArray(), StandardCharsets.US_ASCII);
        for (String attribute : serverFirst.split(",")) {
            if (attribute.startsWith("s=")) {
                return attribute.substring(2);
            }
        }
        throw new AssertionError("no salt in " + serverFirst);
    }

    @Test
    void anUnknownUsersSaltIsStableLikeARealUsers() throws Exception {
        InMemoryUserStore users = new InMemoryUserStore().add("alice", "secret");
        String alice = salt(users, "alice");
        assertThat(salt(users, "alice")).isEqualTo(alice);
        String mallory = salt(users, "mallory");
        assertThat(salt(users, "mallory")).as("the same at every attempt").isEqualTo(mallory);
        assertThat(Base64.getDecoder().decode(mallory))
                .as("as long as a real salt")
                .hasSameSizeAs(Base64.getDecoder().decode(alice));
        assertThat(salt(users, "trudy")).as("different names, different salts").isNotEqualTo(mallory);
    }

    @Test
    void theMadeUpSaltHoldsAcrossRestartsWithTheSameUsers() throws Exception {
        ScramCredential stored = ScramCredential.create(ScramAlgorithm.SHA_256, "secret");
        String first = salt(new InMemoryUserStore().add("alice", stored), "mallory");
        String afterRestart = salt(new InMemoryUserStore().add("alice", stored), "mallory");
        assertThat(afterRestart).isEqualTo(first);
    }

    @Test
    void anUnknownUsersProofNeverPasses() throws Exception {
        InMemoryUserStore users = new InMemoryUserStore().add("alice", "secret");
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "mallory", "anything");
        ScramServer server = new ScramServer(ScramAlgorithm.SHA_256, users);
        Binary serverFirst = server.respond(client.initialResponse());
        Binary clientFinal = client.challenge(serverFirst);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.respond(clientFinal))
                .isInstanceOf(SaslException.class);
    }
}
