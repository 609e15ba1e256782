package io.ferrymq.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconnect and failover: when the connection is lost, the client tries the servers in turn
 * (the one it connected to first, then each {@link #addServer added} one), waiting between
 * rounds with exponential backoff and random jitter, up to {@link #maxAttempts}.
 */
public final class ReconnectOptions {
    private boolean enabled;
    private final List<URI> servers = new ArrayList<>();
    private int maxAttempts = -1;
    private int maxInitialAttempts = 1;
    private Duration initialDelay = Duration.ofMillis(10);
    private Duration maxDelay = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    private double jitter = 0.2;

    public boolean enabled() {
        return enabled;
    }

    /** Turns reconnecting on or off (off by default). */
    public ReconnectOptions enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    /** Adds a failover server ({@code amqp://host:port} and the like); turns reconnecting on. */
    public ReconnectOptions addServer(String uri) {
        servers.add(URI.create(uri));
        enabled = true;
        return this;
    }

    public ReconnectOptions addServer(String host, int port) {
        return addServer("amqp://" + host + ":" + port);
    }

    public List<URI> servers() {
        return servers;
    }

    /** Attempts after a loss before giving up; -1 (the default) for no limit. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public ReconnectOptions maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /** Attempts for the first connection (each server of the list counts as one); default 1. */
    public int maxInitialAttempts() {
        return maxInitialAttempts;
    }

    public ReconnectOptions maxInitialAttempts(int attempts) {
        this.maxInitialAttempts = attempts;
        return this;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    /** The wait before the second attempt (the first is at once); default 10 ms. */
    public ReconnectOptions initialDelay(Duration delay) {
        this.initialDelay = delay;
        return this;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /** The longest wait between attempts; default 30 s. */
    public ReconnectOptions maxDelay(Duration delay) {
        this.maxDelay = delay;
        return this;
    }

    public double multiplier() {
        return multiplier;
    }

    /** How much each wait grows over the last; default 2. */
    public ReconnectOptions multiplier(double multiplier) {
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, not " + multiplier);
        }
        this.multiplier = multiplier;
        return this;
    }

    public double jitter() {
        return jitter;
    }

    /** The random part of each wait, as a fraction of it (0 to 1); default 0.2. */
    public ReconnectOptions jitter(double jitter) {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1], not " + jitter);
        }
        this.jitter = jitter;
        return this;
    }

    /**
     * The wait before attempt number {@code attempt} (1 is the first after a loss: no wait),
     * with {@code random} in [0, 1) choosing the jitter.
     */
    public long delayMillis(int attempt, double random) {
        if (attempt <= 1) {
            return 0;
        }
        double base = (double) initialDelay.toMillis() * Math.pow(multiplier, attempt - 2);
        base = Math.min(base, (double) maxDelay.toMillis());
        double spread = base * jitter;
        return Math.max(0, Math.round(base - spread + 2 * spread * random));
    }

    /** A copy, independent of this one: a connection keeps its own, so later changes to these do not reach it. */
    public ReconnectOptions copy() {
        ReconnectOptions c = new ReconnectOptions();
        c.enabled = enabled;
        c.servers.addAll(servers);
        c.maxAttempts = maxAttempts;
        c.maxInitialAttempts = maxInitialAttempts;
        c.initialDelay = initialDelay;
        c.maxDelay = maxDelay;
        c.multiplier = multiplier;
        c.jitter = jitter;
        return c;
    }
}
