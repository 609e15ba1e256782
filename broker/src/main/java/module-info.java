/**
 * The message broker. Its API is the broker itself ({@code io.ferrymq.broker}) and its configuration
 * ({@code io.ferrymq.broker.config}); addresses and queues are internals that may move.
 */
module io.ferrymq.broker {
    requires transitive io.ferrymq.transport;
    requires transitive io.ferrymq.store;
    requires io.netty.common;
    requires java.management;
    requires jdk.management;
    requires org.jctools.core;
    requires org.slf4j;
    requires org.snakeyaml.engine;

    exports io.ferrymq.broker;
    exports io.ferrymq.broker.config;
}
