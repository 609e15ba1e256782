/** Netty under the engine: listeners and connectors, TLS, WebSocket, SASL admission. */
module io.ferrymq.transport {
    requires transitive io.ferrymq.engine;
    requires transitive io.netty.transport;
    requires transitive io.netty.handler;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.transport.classes.epoll;
    requires org.slf4j;

    exports io.ferrymq.transport;
}
