package io.ferrymq.client;

/**
 * What happened to a connection, as told to a {@link ConnectionOptions#listener listener}.
 *
 * @param type the kind of event
 * @param server the server concerned ({@code host:port}), or null
 * @param cause why the connection was interrupted or failed, or null
 */
public record ConnectionEvent(Type type, String server, ClientException cause) {
    public enum Type {
        /** The first connection is open. */
        CONNECTED,
        /** The connection was lost; reconnecting is under way. */
        INTERRUPTED,
        /** A new connection is open and links are attached again. */
        RECONNECTED,
        /** The connection is lost for good (reconnect is off or gave up, or the server refused it). */
        FAILED,
        /** The application closed the connection. */
        CLOSED
    }
}
