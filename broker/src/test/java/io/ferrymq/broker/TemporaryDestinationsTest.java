package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary queues and topics (dynamic nodes, messaging.xml#lifetime-policy delete-on-close; JMS 2.0 section 6.2.2):
 * only the connection that made one receives from it (others may send to it: the reply-to pattern), and once its link
 * is gone so is its name, from the registry too.
 */
class TemporaryDestinationsTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    private static Receiver temporaryQueue(TestClient c) throws Exception {
        Receiver r = c.call(() -> {
            Receiver t = c.session.receiver("temp-" + System.nanoTime());
            t.source(new Source().dynamic(true)).target(new Target());
            t.attach();
            t.flow(10);
            return t;
        });
        TestClient.await(() -> c.call(r::remoteState) == EndpointState.ACTIVE);
        return r;
    }

    @Test
    void onlyTheCreatorReceivesAndADeletedTemporaryQueueIsGone(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient owner = TestClient.connect(broker.ports().get(0), group, "owner");
                TestClient other = TestClient.connect(broker.ports().get(0), group, "other")) {
            Receiver temp = temporaryQueue(owner);
            String name = owner.call(() -> temp.remoteSource().address());

            // Another connection may send to it (a reply) but not receive from it.
            other.send(other.sender(name), "reply", false, 4);
            assertThat(TestClient.text(owner.next())).isEqualTo("reply");
            Receiver thief = other.receiver(name, 10);
            TestClient.await(() -> other.call(() -> thief.remoteDetach() != null));
            assertThat(other.call(() -> thief.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);

            // Deleted with its link: the name is gone and an attach does not make it again.
            owner.call(() -> {
                temp.close();
                return null;
            });
            TestClient.await(() ->
                    broker.registry().address(name) == null && broker.registry().queue(name) == null);
            Sender late = other.sender(name);
            TestClient.await(() -> other.call(() -> late.remoteDetach() != null));
            assertThat(other.call(() -> late.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.NOT_FOUND);
            assertThat(broker.registry().address(name)).isNull();
        }
    }

    /** 100,000 temporary queues made and deleted leave the registry as it was. */
    @Test
    void theRegistryReturnsToItsSizeAfterAHundredThousandTemporaryQueues(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "churn")) {
            int addressesBefore = broker.registry().addresses().size();
            int queuesBefore = broker.registry().queues().size();
            int batch = 1000;
            for (int round = 0; round < 100; round++) {
                List<Receiver> made = c.call(() -> {
                    List<Receiver> rs = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        Receiver t = c.session.receiver("t-" + System.nanoTime() + "-" + i);
                        t.source(new Source().dynamic(true)).target(new Target());
                        t.attach();
                        rs.add(t);
                    }
                    return rs;
                });
                TestClient.await(() ->
                        c.call(() -> made.stream().allMatch(r -> r.remoteState() == EndpointState.ACTIVE)));
                c.call(() -> {
                    made.forEach(Receiver::close);
                    return null;
                });
                TestClient.await(() ->
                        c.call(() -> made.stream().allMatch(r -> r.remoteState() == EndpointState.CLOSED)));
            }
            TestClient.await(() -> broker.registry().addresses().size() == addressesBefore
                    && broker.registry().queues().size() == queuesBefore);
            System.out.printf(
                    "TemporaryDestinationsTest: 100,000 temporary queues made and deleted; registry %d "
                            + "addresses, %d queues, as before%n",
                    addressesBefore, queuesBefore);
        }
    }
}
