package io.ferrymq.it;

import io.ferrymq.it.server.InteropServer;

/** Plain TCP or TLS. */
enum Wire {
    TCP,
    TLS;

    int port(InteropServer server) {
        return this == TLS ? server.tlsPort() : server.plainPort();
    }

    /** What the server's transport calls a connection that came this way. */
    String kind() {
        return this == TLS ? "tls" : "tcp";
    }
}
