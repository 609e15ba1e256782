package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transactions.Declare;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.Discharge;
import io.ferrymq.codec.transactions.TransactionError;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Sender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anonymous relay (ANONYMOUS-RELAY, the OASIS anonymous-terminus extension) when a message's address cannot be used:
 * rejected with amqp:not-found, the error's info naming the delivery-tag, where the sender's source offers rejected;
 * otherwise, and for a pre-settled message, the link is detached with the error instead of the message vanishing; in a
 * transaction the refusal comes in a transactional-state, and a pre-settled one makes the discharge fail.
 */
class AnonymousRelayTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();
    private static final Symbol[] WITH_REJECTED = {Accepted.DESCRIPTOR_SYMBOL, Rejected.DESCRIPTOR_SYMBOL};

    /** Only the configured addresses exist: nothing is made on demand. */
    private static BrokerConfig config(Path dir) {
        return BrokerConfig.defaults()
                .withDataDir(dir)
                .withPort(0)
                .withAddresses(List.of(AddressConfig.match("known")
                        .autoCreate(true)
                        .durable(true)
                        .maxMessages(-1)
                        .maxBytes(-1)
                        .build()));
    }

    private static ByteBuf to(String address, String text) {
        ByteBuf b = Unpooled.buffer();
        new Header().durable(false).encode(b);
        new Properties().to(address).encode(b);
        new AmqpValue(text).encode(b);
        return b;
    }

    private static Sender relay(TestClient c, Symbol... outcomes) throws Exception {
        Sender s = c.call(() -> {
            Sender r = c.session.sender("relay-" + System.nanoTime());
            r.source(new Source().outcomes(outcomes)).target(new Target());
            r.attach();
            return r;
        });
        TestClient.await(() -> c.call(s::credit) > 0);
        return s;
    }

    @Test
    void anUnknownAddressIsRejectedWithTheDeliveryTagOrDetachesTheLink(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "relay")) {
            Sender offering = relay(c, WITH_REJECTED);
            Binary tag = new Binary(new byte[] {7, 7});
            Delivery d = c.call(() -> offering.send(tag, to("nowhere", "lost?"), false));
            TestClient.await(() -> d.remoteState() != null);
            Rejected r = (Rejected) d.remoteState();
            assertThat(r.error().condition()).isEqualTo(AmqpError.NOT_FOUND);
            assertThat(r.error().info()).containsEntry(Symbol.valueOf("delivery-tag"), tag);
            Delivery ok = c.call(() -> offering.send(null, to("known", "fine"), false));
            TestClient.await(() -> ok.remoteState() instanceof Accepted);

            // A pre-settled message to an unknown address detaches the link rather than vanish.
            Sender presettled = relay(c, WITH_REJECTED);
            c.call(() -> presettled.send(null, to("nowhere", "gone?"), true));
            TestClient.await(() -> c.call(() -> presettled.remoteDetach() != null));
            assertThat(c.call(() -> presettled.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.NOT_FOUND);

            // A source that does not offer rejected: the link is detached with the error.
            Sender acceptedOnly = relay(c, Accepted.DESCRIPTOR_SYMBOL);
            Delivery refused = c.call(() -> acceptedOnly.send(null, to("nowhere", "x"), false));
            TestClient.await(() -> c.call(() -> acceptedOnly.remoteDetach() != null));
            assertThat(c.call(() -> acceptedOnly.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.NOT_FOUND);
            assertThat(refused.remoteState()).isNull();
            assertThat(broker.registry().queue("nowhere")).isNull();
        }
    }

    @Test
    void inATransactionTheRefusalIsTransactionalAndAPresettledOneFailsTheDischarge(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "relay-tx")) {
            Sender coordinator = c.coordinator(WITH_REJECTED);
            Binary txn = declare(c, coordinator);
            Sender relay = relay(c, WITH_REJECTED);
            Delivery d = c.call(() -> relay.send(null, to("nowhere", "tx"), false, new TransactionalState(txn, null)));
            TestClient.await(() -> d.remoteState() != null);
            assertThat(d.remoteState()).isInstanceOfSatisfying(TransactionalState.class, ts -> {
                assertThat(ts.txnId()).isEqualTo(txn);
                assertThat(((Rejected) ts.outcome()).error().condition()).isEqualTo(AmqpError.NOT_FOUND);
            });

            Binary second = declare(c, coordinator);
            c.call(() -> relay.send(null, to("known", "would commit"), false, new TransactionalState(second, null)));
            c.call(() -> relay.send(null, to("nowhere", "pre-settled"), true, new TransactionalState(second, null)));
            Delivery discharge =
                    c.call(() -> coordinator.send(null, TestClient.amqpValue(new Discharge(second, false)), false));
            TestClient.await(() -> discharge.remoteState() != null);
            assertThat(discharge.remoteState())
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            r -> assertThat(r.error().condition()).isEqualTo(TransactionError.TRANSACTION_ROLLBACK));
            assertThat(broker.registry().queue("known").depth())
                    .as("nothing of the failed transaction")
                    .isZero();
        }
    }

    private static Binary declare(TestClient c, Sender coordinator) throws Exception {
        Delivery d = c.call(() -> coordinator.send(null, TestClient.amqpValue(new Declare()), false));
        TestClient.await(() -> d.remoteState() != null);
        return ((Declared) d.remoteState()).txnId();
    }
}
