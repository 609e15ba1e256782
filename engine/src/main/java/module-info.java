/** The AMQP 1.0 protocol engine, free of I/O and threads: connections, sessions, links, flow control, SASL. */
module io.ferrymq.engine {
    requires transitive io.ferrymq.codec;
    requires org.slf4j;

    exports io.ferrymq.engine;
    exports io.ferrymq.engine.sasl;
}
