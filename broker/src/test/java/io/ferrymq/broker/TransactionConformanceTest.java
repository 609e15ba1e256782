package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.transactions.Declare;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.Discharge;
import io.ferrymq.codec.transactions.TransactionError;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transaction errors the way transactions.xml asks for them, through a real connection on Ferry's own engine. */
class TransactionConformanceTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    private static Delivery sendControl(TestClient c, Sender s, Object body) throws Exception {
        return c.call(() -> s.send(null, TestClient.amqpValue(body), false));
    }

    /**
     * transactions.xml#doc-txn-retirement: a consumer's outcome inside a transaction the connection never declared is
     * not applied as a plain outcome: the link is detached with amqp:transaction:unknown-id, and the message stays on
     * the queue (it used to be consumed outside any transaction, with no error).
     */
    @Test
    void anOutcomeInAnUnknownTransactionIsNotAppliedAndDetachesTheLink(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "tx-unknown")) {
            c.send(c.sender("tx.unknown"), "kept", true, 4);
            Receiver r = c.receiver("tx.unknown", 1);
            Delivery d = c.next();
            c.call(() -> {
                d.disposition(new TransactionalState(new Binary(new byte[] {9, 9, 9}), Accepted.INSTANCE), true);
                return null;
            });
            TestClient.await(() -> c.call(() -> r.remoteState() == EndpointState.CLOSED));
            assertThat(c.call(() -> r.remoteDetach().error().condition())).isEqualTo(TransactionError.UNKNOWN_ID);
            assertThat(c.call(() -> r.remoteDetach().error().description())).contains("not declared");

            // The message is still there for the next consumer.
            c.receiver("tx.unknown", 1);
            Delivery again = c.next();
            assertThat(TestClient.text(again)).isEqualTo("kept");
            c.accept(again);
        }
    }

    /**
     * transactions.xml#doc-txn-discharge: a discharge the coordinator cannot complete is rejected with the
     * transaction-error when the controller's source lists the rejected outcome, and otherwise the coordinator link is
     * detached with it.
     */
    @Test
    void aDischargeOfAnUnknownTransactionIsRejectedOnlyWhereRejectedIsOffered(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "tx-discharge")) {
            Binary unknown = new Binary(new byte[] {1, 2, 3});

            Sender offering = c.coordinator(Accepted.DESCRIPTOR_SYMBOL, Rejected.DESCRIPTOR_SYMBOL);
            Delivery rejected = sendControl(c, offering, new Discharge(unknown, false));
            TestClient.await(() -> rejected.remoteState() != null);
            assertThat(rejected.remoteState()).isInstanceOf(Rejected.class);
            assertThat(((Rejected) rejected.remoteState()).error().condition()).isEqualTo(TransactionError.UNKNOWN_ID);
            assertThat(c.call(offering::localState)).isEqualTo(EndpointState.ACTIVE);

            Sender acceptedOnly = c.coordinator(Accepted.DESCRIPTOR_SYMBOL);
            // A declare still works on it.
            Delivery declare = sendControl(c, acceptedOnly, new Declare());
            TestClient.await(() -> declare.remoteState() != null);
            assertThat(declare.remoteState()).isInstanceOf(Declared.class);
            Delivery refused = sendControl(c, acceptedOnly, new Discharge(unknown, false));
            TestClient.await(() -> c.call(() -> acceptedOnly.remoteState() == EndpointState.CLOSED));
            Link link = acceptedOnly;
            assertThat(c.call(() -> link.remoteDetach().error().condition())).isEqualTo(TransactionError.UNKNOWN_ID);
            assertThat(refused.remoteState())
                    .as("no rejected outcome on a link that does not offer it")
                    .isNull();

            // The connection and the first coordinator are fine.
            Delivery declared = sendControl(c, offering, new Declare());
            TestClient.await(() -> declared.remoteState() != null);
            assertThat(declared.remoteState()).isInstanceOf(Declared.class);
        }
    }
}
