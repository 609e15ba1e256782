package io.ferrymq.broker.config;

import io.ferrymq.store.SyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a broker is configured with. Every setting has a default, so a broker runs with
 * none: one loopback listener on 5672 that allows anonymous clients, data under ./data,
 * addresses created on demand.
 */
public record BrokerConfig(
        String name,
        Path dataDir,
        List<ListenerConfig> listeners,
        List<UserConfig> users,
        List<AddressConfig> addresses,
        List<PermissionConfig> permissions,
        Limits limits,
        StoreConfig store,
        int ioThreads) {

    public static BrokerConfig defaults() {
        return new BrokerConfig(
                "ferry",
                Path.of("data"),
                List.of(ListenerConfig.defaults()),
                List.of(),
                List.of(new AddressConfig("#", null, true, true, -1L, -1L, null, null, null)),
                List.of(),
                Limits.defaults(),
                StoreConfig.defaults(),
                defaultIoThreads());
    }

    /**
     * Half the cores, at least one. A message whose producer, queue and consumer share a thread crosses the broker
     * without waking another thread; a wake-up between threads costs more CPU than the rest of a small message's trip
     * (docs/benchmarks.md, "Threads"). The other half of the machine is left to the journal's writer, the garbage
     * collector and, often, the clients.
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public BrokerConfig withIoThreads(int threads) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, threads);
    }

    /** The same configuration with its data directory replaced. */
    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(name, dir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withListeners(List<ListenerConfig> listeners) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withLimits(Limits limits) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withAddresses(List<AddressConfig> addresses) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withUsers(List<UserConfig> users) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withPermissions(List<PermissionConfig> permissions) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    public BrokerConfig withStore(StoreConfig store) {
        return new BrokerConfig(name, dataDir, listeners, users, addresses, permissions, limits, store, ioThreads);
    }

    /** The first listener's port replaced (and a listener added when there is none). */
    public BrokerConfig withPort(int port) {
        List<ListenerConfig> l = new ArrayList<>(listeners.isEmpty() ? List.of(ListenerConfig.defaults()) : listeners);
        ListenerConfig first = l.get(0);
        l.set(
                0,
                new ListenerConfig(
                        first.name(),
                        first.host(),
                        port,
                        first.tls(),
                        first.allowPlain(),
                        first.webSocketPath(),
                        first.allowAnonymous()));
        return withListeners(l);
    }

    /**
     * The first listener's host replaced. Leaving loopback turns anonymous access off unless the
     * configuration file allowed it explicitly ({@code explicitAnonymous}).
     */
    public BrokerConfig withHost(String host, boolean explicitAnonymous) {
        List<ListenerConfig> l = new ArrayList<>(listeners.isEmpty() ? List.of(ListenerConfig.defaults()) : listeners);
        ListenerConfig first = l.get(0);
        boolean anonymous =
                explicitAnonymous ? first.allowAnonymous() : ListenerConfig.isLoopback(host) && users.isEmpty();
        l.set(
                0,
                new ListenerConfig(
                        first.name(),
                        host,
                        first.port(),
                        first.tls(),
                        first.allowPlain(),
                        first.webSocketPath(),
                        anonymous));
        return withListeners(l);
    }

    /** The effective settings, one per line, for printing at start. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("broker:       ").append(name).append('\n');
        sb.append("data:         ").append(dataDir.toAbsolutePath().normalize()).append('\n');
        for (ListenerConfig l : listeners) {
            List<String> mechanisms = mechanisms(l);
            sb.append("listener:     ")
                    .append(l)
                    .append(" mechanisms=")
                    .append(mechanisms.isEmpty() ? "(none)" : String.join(",", mechanisms))
                    .append('\n');
            if (mechanisms.isEmpty()) {
                sb.append("WARNING:      listener ")
                        .append(l.name())
                        .append(" on ")
                        .append(l.host())
                        .append(" requires authentication and no users are configured: no one can log in (add users:"
                                + " with 'ferry user hash', or allow-anonymous: true)\n");
            }
        }
        sb.append("users:        ").append(users.size()).append('\n');
        for (AddressConfig a : addresses) {
            sb.append("address:      ")
                    .append(a.match())
                    .append(a.routing() != null ? " " + a.routing() : "")
                    .append(Boolean.FALSE.equals(a.autoCreate()) ? "" : " auto-create")
                    .append(Boolean.FALSE.equals(a.durable()) ? " non-durable" : " durable")
                    .append(" max-messages=")
                    .append(a.maxMessages() == null || a.maxMessages() < 0 ? "unlimited" : a.maxMessages())
                    .append(" max-bytes=")
                    .append(a.maxBytes() == null || a.maxBytes() < 0 ? "unlimited" : Sizes.format(a.maxBytes()))
                    .append(" max-deliveries=")
                    .append(a.maxDeliveries() != null ? a.maxDeliveries() : limits.maxDeliveries())
                    .append(" dead-letters=")
                    .append(shown(a.deadLetterAddress() != null ? a.deadLetterAddress() : limits.deadLetterAddress()))
                    .append(" expired=")
                    .append(shown(a.expiryAddress() != null ? a.expiryAddress() : limits.expiryAddress()))
                    .append('\n');
        }
        for (PermissionConfig p : permissions) {
            sb.append("permission:   ")
                    .append(p.match())
                    .append(" send=")
                    .append(who(p.send()))
                    .append(" receive=")
                    .append(who(p.receive()))
                    .append('\n');
        }
        sb.append("memory:       ").append(Sizes.format(limits.memoryBytes())).append('\n');
        sb.append("limits:       max-connections=")
                .append(limits.maxConnections())
                .append(" max-message-size=")
                .append(Sizes.format(limits.maxMessageSize()))
                .append(" max-deliveries=")
                .append(limits.maxDeliveries())
                .append(" max-connections-per-source=")
                .append(limits.maxConnectionsPerSource())
                .append(" max-auto-created-queues-per-user=")
                .append(limits.maxAutoCreatedQueuesPerUser())
                .append(" idle-timeout=")
                .append(limits.idleTimeoutMillis())
                .append("ms unread-timeout=")
                .append(limits.unreadTimeoutMillis())
                .append("ms producer-credit=")
                .append(limits.producerCredit())
                .append(" max-sessions-per-connection=")
                .append(limits.maxSessionsPerConnection())
                .append(" max-links-per-session=")
                .append(limits.maxLinksPerSession())
                .append('\n');
        sb.append("dead-letters: ")
                .append(shown(limits.deadLetterAddress()))
                .append("  expired: ")
                .append(shown(limits.expiryAddress()))
                .append('\n');
        sb.append("io-threads:   ").append(ioThreads).append('\n');
        sb.append("store:        sync=").append(store.sync().name().toLowerCase(Locale.ROOT));
        if (store.sync() == SyncPolicy.INTERVAL) {
            sb.append(" sync-interval=").append(store.syncInterval().toMillis()).append("ms");
        }
        sb.append(" segment-size=")
                .append(Sizes.format(store.segmentSize()))
                .append(" max-disk=")
                .append(Sizes.format(store.maxDiskBytes()));
        return sb.toString();
    }

    /** The SASL mechanisms a listener offers: SCRAM and PLAIN once users exist, ANONYMOUS where allowed. */
    private List<String> mechanisms(ListenerConfig l) {
        List<String> out = new ArrayList<>();
        if (l.tls() != null && !"none".equals(l.tls().clientAuth())) {
            out.add("EXTERNAL");
        }
        if (!users.isEmpty()) {
            out.addAll(List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"));
        }
        if (l.allowAnonymous()) {
            out.add("ANONYMOUS");
        }
        return out;
    }

    private static String shown(String address) {
        return address == null || address.isEmpty() ? "(dropped)" : address;
    }

    /** Who a permission list lets in: a list left out lets no one. */
    private static String who(List<String> users) {
        return users == null || users.isEmpty() ? "(no one)" : String.join(",", users);
    }
}
