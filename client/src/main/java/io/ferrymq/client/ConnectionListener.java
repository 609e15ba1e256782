package io.ferrymq.client;

/** Hears of a connection's events; called on the client's callback executor, never an IO thread. */
@FunctionalInterface
public interface ConnectionListener {
    void onEvent(Connection connection, ConnectionEvent event);
}
