/** The imperative AMQP 1.0 client. */
module io.ferrymq.client {
    requires transitive io.ferrymq.transport;
    requires io.netty.common;
    requires org.slf4j;

    exports io.ferrymq.client;
}
