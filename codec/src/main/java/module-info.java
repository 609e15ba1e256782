/**
 * The AMQP 1.0 type system: primitive and described types, their encoder and decoder, and the composite types of
 * the specification (transport, messaging, transactions, security). Every package is API.
 */
module io.ferrymq.codec {
    requires transitive io.netty.buffer;

    exports io.ferrymq.codec;
    exports io.ferrymq.codec.messaging;
    exports io.ferrymq.codec.security;
    exports io.ferrymq.codec.spec;
    exports io.ferrymq.codec.transactions;
    exports io.ferrymq.codec.transport;

    uses io.ferrymq.codec.DescribedTypes.Provider;

    provides io.ferrymq.codec.DescribedTypes.Provider with
            io.ferrymq.codec.spec.SpecTypesProvider;
}
