package io.ferrymq.client;

/** An AMQP server the client's integration tests run against: embedded Artemis or the Ferry broker. */
public interface TestServer {
    /** "artemis" or "ferry". */
    String name();

    /** Where to connect: {@code amqp://127.0.0.1:PORT}. */
    default String uri() {
        return "amqp://127.0.0.1:" + port();
    }

    int port();

    /** Stops the server (keeping its data); {@link #start()} brings it back on the same port. */
    void stop() throws Exception;

    void start() throws Exception;

    /** Stops the server for good. */
    default void close() throws Exception {
        stop();
    }
}
