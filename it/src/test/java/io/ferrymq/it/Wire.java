package io.ferrymq.it;

import io.ferrymq.testsupport.amqp.AmqpTestServer;

/** Plain TCP or TLS. */
enum Wire {
    TCP,
    TLS;

    int port(AmqpTestServer server) {
        return this == TLS ? server.tlsPort() : server.port();
    }

    /** What the server's transport calls a connection that came this way. */
    String kind() {
        return this == TLS ? "tls" : "tcp";
    }
}
