package io.ferrymq.client;

import java.util.UUID;
import java.util.concurrent.ExecutorService;

/** Settings of a {@link Client}: its container id, its IO threads and where callbacks run. */
public final class ClientOptions {
    private String containerId = "ferry-client-" + UUID.randomUUID();
    private int ioThreads = 1;
    private ExecutorService callbackExecutor;

    /** The container id named in each connection's open ({@code transport.xml#type-open}). */
    public String containerId() {
        return containerId;
    }

    public ClientOptions containerId(String containerId) {
        this.containerId = containerId;
        return this;
    }

    /** How many event-loop threads the client's connections share (each connection uses one). Default 1. */
    public int ioThreads() {
        return ioThreads;
    }

    public ClientOptions ioThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, not " + threads);
        }
        this.ioThreads = threads;
        return this;
    }

    /**
     * Where message and event listeners and dependent future stages run; null (the default) for
     * a small pool of the client's own. Callbacks never run on an IO thread.
     */
    public ExecutorService callbackExecutor() {
        return callbackExecutor;
    }

    public ClientOptions callbackExecutor(ExecutorService executor) {
        this.callbackExecutor = executor;
        return this;
    }
}
