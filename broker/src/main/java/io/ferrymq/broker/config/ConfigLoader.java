package io.ferrymq.broker.config;

import io.ferrymq.engine.sasl.ScramCredential;
import io.ferrymq.store.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the optional YAML configuration file (see docs/broker.md for every setting). Settings
 * left out keep their defaults; a setting that is unknown or wrong stops start-up with a message
 * naming it.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The configuration in {@code file}, over the defaults. */
    public static BrokerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.getParent() == null ? Path.of(".") : file.getParent());
    }

    /** Parses configuration text; relative paths in it are resolved against {@code base}. */
    public static BrokerConfig parse(String text, Path base) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel("configuration").build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new ConfigException("the configuration is not valid YAML: " + e.getMessage(), e);
        }
        BrokerConfig d = BrokerConfig.defaults();
        YamlNode root = new YamlNode("", doc);
        root.only(Set.of(
                "name", "data", "listeners", "users", "addresses", "permissions", "limits", "store", "io-threads"));
        String name = root.string("name", d.name());
        Path data = root.has("data") ? base.resolve(root.string("data", "data")) : d.dataDir();
        List<UserConfig> users = users(root);
        // Once users are configured, anonymous access is off unless a listener says allow-anonymous: true.
        List<ListenerConfig> listeners = root.has("listeners")
                ? listeners(root, base, !users.isEmpty())
                : users.isEmpty() ? d.listeners() : withoutAnonymous(d.listeners());
        List<AddressConfig> addresses = root.has("addresses") ? addresses(root) : d.addresses();
        List<PermissionConfig> permissions = permissions(root);
        Limits limits = limits(root.child("limits"), d.limits());
        StoreConfig store = store(root.child("store"), d.store());
        int ioThreads = root.integer("io-threads", d.ioThreads(), 1, 1024);
        return new BrokerConfig(name, data, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    private static List<ListenerConfig> withoutAnonymous(List<ListenerConfig> listeners) {
        List<ListenerConfig> out = new ArrayList<>();
        for (ListenerConfig l : listeners) {
            out.add(new ListenerConfig(
                    l.name(), l.host(), l.port(), l.tls(), l.allowPlain(), l.webSocketPath(), false));
        }
        return out;
    }

    private static List<ListenerConfig> listeners(YamlNode root, Path base, boolean usersConfigured) {
        List<ListenerConfig> out = new ArrayList<>();
        for (YamlNode n : root.list("listeners")) {
            n.only(Set.of("name", "host", "port", "tls", "allow-plain", "websocket", "allow-anonymous"));
            String host = n.string("host", "127.0.0.1");
            int port = n.integer("port", 5672, 0, 65535);
            ListenerConfig.TlsConfig tls = null;
            if (n.has("tls")) {
                YamlNode t = n.child("tls");
                t.only(Set.of(
                        "key-store",
                        "key-store-password",
                        "key-store-type",
                        "certificate",
                        "private-key",
                        "trust-store",
                        "trust-store-password",
                        "trust-certificates",
                        "client-auth"));
                tls = new ListenerConfig.TlsConfig(
                        path(t, "key-store", base),
                        t.string("key-store-password", null),
                        t.string("key-store-type", "PKCS12"),
                        path(t, "certificate", base),
                        path(t, "private-key", base),
                        path(t, "trust-store", base),
                        t.string("trust-store-password", null),
                        path(t, "trust-certificates", base),
                        t.string("client-auth", "none"));
                if (tls.keyStore() == null && (tls.certificate() == null || tls.privateKey() == null)) {
                    throw new ConfigException(t.path() + ": needs key-store, or certificate and private-key");
                }
                if (!Set.of("none", "optional", "required").contains(tls.clientAuth())) {
                    throw new ConfigException(
                            t.path() + ".client-auth: '" + tls.clientAuth() + "' is not none, optional or required");
                }
                for (Path p : new Path[] {
                    tls.keyStore(), tls.certificate(), tls.privateKey(), tls.trustStore(), tls.trustCertificates()
                }) {
                    if (p != null && !Files.isReadable(p)) {
                        throw new ConfigException(t.path() + ": cannot read " + p);
                    }
                }
                try {
                    // A wrong key-store password, a key in a form the JDK cannot read: said now, as configuration.
                    tls.options().serverContext();
                } catch (SSLException | RuntimeException e) {
                    throw new ConfigException(t.path() + ": " + e.getMessage());
                }
            }
            String ws = n.string("websocket", null);
            if (ws != null && !ws.startsWith("/")) {
                throw new ConfigException(n.path() + ".websocket: an HTTP path starts with '/', not '" + ws + "'");
            }
            boolean anonymous = n.bool("allow-anonymous", ListenerConfig.isLoopback(host) && !usersConfigured);
            out.add(new ListenerConfig(
                    n.string("name", "amqp-" + out.size()),
                    host,
                    port,
                    tls,
                    n.bool("allow-plain", tls == null),
                    ws,
                    anonymous));
        }
        return out;
    }

    private static Path path(YamlNode n, String key, Path base) {
        String v = n.string(key, null);
        return v == null ? null : base.resolve(v);
    }

    private static List<UserConfig> users(YamlNode root) {
        List<UserConfig> out = new ArrayList<>();
        YamlNode users = root.child("users");
        for (Map.Entry<String, Object> e : users.raw().entrySet()) {
            String setting = "users." + e.getKey();
            List<ScramCredential> credentials = new ArrayList<>();
            Object v = e.getValue();
            List<?> lines = v instanceof List<?> l ? l : v == null ? List.of() : List.of(v);
            for (Object line : lines) {
                try {
                    credentials.add(ScramCredential.decode(String.valueOf(line)));
                } catch (RuntimeException ex) {
                    throw new ConfigException(setting + ": '" + line + "' is not a stored credential ("
                            + ex.getMessage() + "); make them with 'ferry user hash PASSWORD'");
                }
            }
            if (credentials.isEmpty()) {
                throw new ConfigException(
                        setting + ": a user needs credentials; make them with " + "'ferry user hash PASSWORD'");
            }
            out.add(new UserConfig(e.getKey(), credentials));
        }
        return out;
    }

    private static List<AddressConfig> addresses(YamlNode root) {
        List<AddressConfig> out = new ArrayList<>();
        for (YamlNode n : root.list("addresses")) {
            n.only(Set.of(
                    "match",
                    "routing",
                    "auto-create",
                    "durable",
                    "max-messages",
                    "max-bytes",
                    "max-deliveries",
                    "dead-letter-address",
                    "expiry-address",
                    "auto-delete",
                    "auto-delete-delay"));
            String match = n.string("match", null);
            if (match == null || match.isBlank()) {
                throw new ConfigException(n.path() + ".match: each address entry needs a name or pattern");
            }
            Integer maxDeliveries = n.has("max-deliveries") ? n.integer("max-deliveries", 0, 1, 1_000_000) : null;
            out.add(new AddressConfig(
                    match,
                    RoutingType.parse(n.string("routing", null), n.path() + ".routing"),
                    n.bool("auto-create", null),
                    n.bool("durable", null),
                    n.has("max-messages") ? n.longValue("max-messages", -1) : null,
                    n.has("max-bytes") ? n.size("max-bytes", -1) : null,
                    maxDeliveries,
                    n.string("dead-letter-address", null),
                    n.string("expiry-address", null),
                    n.bool("auto-delete", null),
                    n.has("auto-delete-delay") ? n.duration("auto-delete-delay", null) : null));
        }
        return out;
    }

    private static List<PermissionConfig> permissions(YamlNode root) {
        List<PermissionConfig> out = new ArrayList<>();
        for (YamlNode n : root.list("permissions")) {
            n.only(Set.of("match", "send", "receive"));
            String match = n.string("match", null);
            if (match == null) {
                throw new ConfigException(n.path() + ".match: each permission needs an address or pattern");
            }
            out.add(new PermissionConfig(match, n.strings("send"), n.strings("receive")));
        }
        return out;
    }

    private static Limits limits(YamlNode n, Limits d) {
        n.only(Set.of(
                "memory",
                "max-connections",
                "max-message-size",
                "max-deliveries",
                "dead-letter-address",
                "expiry-address",
                "producer-credit",
                "max-sessions-per-connection",
                "max-links-per-session",
                "idle-timeout",
                "max-connections-per-source",
                "unread-timeout",
                "max-auto-created-queues-per-user"));
        long memory = n.sizeOrHeapPercent("memory", d.memoryBytes());
        if (memory < 1024 * 1024) {
            throw new ConfigException("limits.memory: at least 1MiB, not " + memory + " bytes");
        }
        long maxMessage = n.size("max-message-size", d.maxMessageSize());
        if (maxMessage < 1024) {
            throw new ConfigException("limits.max-message-size: at least 1KiB, not " + maxMessage + " bytes");
        }
        return new Limits(
                memory,
                n.integer("max-connections", d.maxConnections(), 1, 1_000_000),
                maxMessage,
                n.integer("max-deliveries", d.maxDeliveries(), 1, 1_000_000),
                n.string("dead-letter-address", d.deadLetterAddress()),
                n.string("expiry-address", d.expiryAddress()),
                n.integer("producer-credit", d.producerCredit(), 1, 1_000_000),
                n.integer("max-sessions-per-connection", d.maxSessionsPerConnection(), 1, 65536),
                n.integer("max-links-per-session", d.maxLinksPerSession(), 1, 1 << 30),
                n.duration("idle-timeout", Duration.ofMillis(d.idleTimeoutMillis()))
                        .toMillis(),
                n.integer("max-connections-per-source", d.maxConnectionsPerSource(), 1, 1_000_000),
                n.duration("unread-timeout", Duration.ofMillis(d.unreadTimeoutMillis()))
                        .toMillis(),
                n.integer("max-auto-created-queues-per-user", d.maxAutoCreatedQueuesPerUser(), 0, 100_000_000));
    }

    private static StoreConfig store(YamlNode n, StoreConfig d) {
        n.only(Set.of("sync", "sync-interval", "segment-size", "max-disk"));
        String sync = n.string("sync", d.sync().name().toLowerCase(Locale.ROOT));
        SyncPolicy policy = switch (sync.toLowerCase(Locale.ROOT)) {
            case "always" -> SyncPolicy.ALWAYS;
            case "interval" -> SyncPolicy.INTERVAL;
            case "never" -> SyncPolicy.NEVER;
            default -> throw new ConfigException("store.sync: '" + sync + "' is not always, interval or never");
        };
        long segment = n.size("segment-size", d.segmentSize());
        if (segment < 64 * 1024 || segment > 1 << 30) {
            throw new ConfigException(
                    "store.segment-size: must be between 64KiB and 1GiB, not " + Sizes.format(segment));
        }
        return new StoreConfig(
                policy,
                n.duration("sync-interval", d.syncInterval()),
                (int) segment,
                n.size("max-disk", d.maxDiskBytes()));
    }
}
