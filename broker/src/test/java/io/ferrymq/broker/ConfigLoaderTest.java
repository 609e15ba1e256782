package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.broker.address.AddressPolicy;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.ConfigException;
import io.ferrymq.broker.config.ConfigLoader;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.engine.sasl.ScramAlgorithm;
import io.ferrymq.engine.sasl.ScramCredential;
import io.ferrymq.store.SyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration file: settings, defaults, and errors that name the setting. */
class ConfigLoaderTest {
    private static BrokerConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, Path.of("/etc/ferry"));
    }

    @Test
    void everySettingHasADefault() {
        BrokerConfig c = parse("");
        assertThat(c.listeners()).hasSize(1);
        assertThat(c.listeners().get(0).port()).isEqualTo(5672);
        assertThat(c.listeners().get(0).host()).isEqualTo("127.0.0.1");
        assertThat(c.listeners().get(0).allowAnonymous()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.store().sync()).isEqualTo(SyncPolicy.ALWAYS);
        assertThat(c.limits().maxDeliveries()).isEqualTo(10);
        assertThat(c.ioThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    @Test
    void readsAFullConfiguration() {
        String credential = ScramCredential.create(ScramAlgorithm.SHA_256, "pw").encode();
        BrokerConfig c = parse("""
                name: edge-1
                data: /var/lib/ferry
                listeners:
                  - host: 0.0.0.0
                    port: 5673
                    websocket: /amqp
                users:
                  alice:
                    - "%s"
                addresses:
                  - match: orders.*
                    routing: anycast
                    max-messages: 100
                    max-deliveries: 3
                  - match: "#"
                    auto-create: true
                permissions:
                  - match: "secret.#"
                    send: [alice]
                limits:
                  memory: 64MiB
                  max-message-size: 1MiB
                  idle-timeout: 30s
                store:
                  sync: interval
                  sync-interval: 10ms
                  segment-size: 16MiB
                io-threads: 3
                """.formatted(credential));
        assertThat(c.name()).isEqualTo("edge-1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/ferry"));
        assertThat(c.listeners().get(0).allowAnonymous())
                .as("not loopback: authentication by default")
                .isFalse();
        assertThat(c.listeners().get(0).webSocketPath()).isEqualTo("/amqp");
        assertThat(c.users().get(0).credentials().get(0).matches("pw")).isTrue();
        assertThat(c.limits().memoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.limits().idleTimeoutMillis()).isEqualTo(30_000);
        assertThat(c.store().segmentSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.ioThreads()).isEqualTo(3);
        AddressPolicy orders = AddressPolicy.resolve("orders.eu", c.addresses(), c.limits());
        assertThat(orders.routing()).isEqualTo(RoutingType.ANYCAST);
        assertThat(orders.maxMessages()).isEqualTo(100);
        assertThat(orders.maxDeliveries()).isEqualTo(3);
        assertThat(orders.autoCreate()).isTrue();
        AddressPolicy other = AddressPolicy.resolve("invoices", c.addresses(), c.limits());
        assertThat(other.maxMessages()).isEqualTo(-1);
        assertThat(other.maxDeliveries()).isEqualTo(10);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> parse("listeners:\n  - port: 70000\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[0].port: must be in [0, 65535], not 70000");
        assertThatThrownBy(() -> parse("limits:\n  max-conections: 5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "limits.max-conections: unknown setting (did you mean 'limits.max-connections'?)");
        assertThatThrownBy(() -> parse("store:\n  sync: sometimes\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.sync: 'sometimes' is not always, interval or never");
        // A duration needs its unit: "idle-timeout: 30" was 30 ms.
        assertThatThrownBy(() -> parse("limits:\n  idle-timeout: 30\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("limits.idle-timeout: '30' needs a unit: write 30ms, 30s or 30m (ms, s, m and h are "
                        + "understood)");
        assertThatThrownBy(() -> parse("store:\n  sync-interval: '5'\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.sync-interval: '5' needs a unit");
        assertThatThrownBy(() -> parse("limits:\n  idle-timeout: soon\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a duration");
        assertThat(parse("limits:\n  idle-timeout: 0\n").limits().idleTimeoutMillis())
                .isZero();
        assertThat(parse("limits:\n  idle-timeout: 2m\n").limits().idleTimeoutMillis())
                .isEqualTo(120_000);
        assertThat(parse("").limits().maxConnectionsPerSource()).isEqualTo(1_000);
        assertThat(parse("limits:\n  max-connections-per-source: 50\n").limits().maxConnectionsPerSource())
                .isEqualTo(50);
        assertThatThrownBy(() -> parse("io-threads: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("io-threads");
        assertThatThrownBy(() -> parse("limits:\n  memory: lots\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.memory: 'lots' is not a size");
        assertThatThrownBy(() -> parse("addresses:\n  - routing: sideways\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("addresses[0].match");
        assertThatThrownBy(() -> parse("users:\n  bob: hunter2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("users.bob")
                .hasMessageContaining("ferry user hash");
        assertThatThrownBy(() -> parse("listeners: [ {port: 1, tls: {key-store-password: x}} ]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listeners[0].tls: needs key-store");
        assertThatThrownBy(() -> parse("name: [unclosed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/ferry.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/ferry.yaml does not exist");
    }

    /** The settings printed at start are the effective ones: per-address limits, credit, sync interval, permissions. */
    @Test
    void theStartUpSettingsShowEveryEffectiveValue() {
        String shown = parse("""
                addresses:
                  - match: orders
                    max-messages: 5
                    max-bytes: 1MiB
                    dead-letter-address: orders.dlq
                  - match: "#"
                permissions:
                  - match: "secret.#"
                    send: [alice]
                store:
                  sync: interval
                  sync-interval: 10ms
                """).describe();
        assertThat(shown)
                .contains("address:      orders auto-create durable max-messages=5 max-bytes=1MiB "
                        + "max-deliveries=10 dead-letters=orders.dlq expired=ExpiryQueue");
        assertThat(shown).contains("max-messages=unlimited max-bytes=unlimited max-deliveries=10 dead-letters=DLQ");
        assertThat(shown).contains("permission:   secret.# send=alice receive=(no one)");
        assertThat(shown)
                .contains(
                        "producer-credit=1000",
                        "max-sessions-per-connection=256",
                        "max-links-per-session=4096",
                        "sync=interval sync-interval=10ms");
        assertThat(shown).doesNotContain("null");
    }

    /** Once users exist, anonymous access is off unless a listener allows it; the start-up settings say who can log in. */
    @Test
    void configuredUsersTurnAnonymousOffUnlessAListenerAllowsIt() {
        String alice = io.ferrymq.engine.sasl.ScramCredential.create(
                        io.ferrymq.engine.sasl.ScramAlgorithm.SHA_256, "pw")
                .encode();
        BrokerConfig defaultListener = parse("users:\n  alice:\n    - \"" + alice + "\"\n");
        assertThat(defaultListener.listeners().get(0).allowAnonymous()).isFalse();
        assertThat(defaultListener.describe()).contains("mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN\n");

        BrokerConfig two = parse("""
                users:
                  alice:
                    - "%s"
                listeners:
                  - port: 5672
                  - port: 5673
                    allow-anonymous: true
                """.formatted(alice));
        assertThat(two.listeners().get(0).allowAnonymous()).isFalse();
        assertThat(two.listeners().get(1).allowAnonymous()).isTrue();
        assertThat(two.describe()).contains("mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN,ANONYMOUS");
        assertThat(two.withHost("127.0.0.1", false).listeners().get(0).allowAnonymous())
                .isFalse();

        // No users: anonymous on loopback as before, and a warning where no one could log in.
        assertThat(parse("").listeners().get(0).allowAnonymous()).isTrue();
        assertThat(parse("").describe()).contains("mechanisms=ANONYMOUS").doesNotContain("WARNING");
        String open = parse("listeners:\n  - host: 0.0.0.0\n").describe();
        assertThat(open)
                .contains("mechanisms=(none)")
                .contains("WARNING:      listener amqp-0 on 0.0.0.0 requires "
                        + "authentication and no users are configured: no one can log in");
    }
}
