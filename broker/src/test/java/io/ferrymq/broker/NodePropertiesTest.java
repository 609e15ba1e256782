package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.DeleteOnClose;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Link;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * messaging.xml#type-node-properties: lifetime-policy must be one of the lifetime policies and supported-dist-modes
 * symbols; an attach that asks for a dynamic node with wrongly typed properties is refused with amqp:invalid-field,
 * not served as if they were absent.
 */
class NodePropertiesTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    private static void awaitDetached(TestClient c, Link link) throws Exception {
        TestClient.await(() -> c.call(() -> link.remoteDetach() != null));
    }

    private static Receiver dynamicReceiver(TestClient c, Map<Symbol, Object> properties) throws Exception {
        return c.call(() -> {
            Receiver r = c.session.receiver("dyn-" + System.nanoTime());
            r.source(new Source().dynamic(true).dynamicNodeProperties(properties))
                    .target(new Target());
            r.attach();
            return r;
        });
    }

    @Test
    void wronglyTypedPropertiesRefuseTheAttachAndGoodOnesAreServed(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "node-properties")) {
            Receiver badPolicy = dynamicReceiver(c, Map.of(NodeProperties.LIFETIME_POLICY, "delete-on-close"));
            awaitDetached(c, badPolicy);
            assertThat(c.call(() -> badPolicy.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.INVALID_FIELD);
            assertThat(c.call(() -> badPolicy.remoteDetach().error().description()))
                    .contains("lifetime-policy");

            Receiver badModes = dynamicReceiver(c, Map.of(NodeProperties.SUPPORTED_DIST_MODES, 42));
            awaitDetached(c, badModes);
            assertThat(c.call(() -> badModes.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.INVALID_FIELD);
            assertThat(c.call(() -> badModes.remoteDetach().error().description()))
                    .contains("supported-dist-modes");

            Sender badTarget = c.call(() -> {
                Sender s = c.session.sender("dyn-target");
                s.source(new Source())
                        .target(new Target()
                                .dynamic(true)
                                .dynamicNodeProperties(Map.of(NodeProperties.LIFETIME_POLICY, 1)));
                s.attach();
                return s;
            });
            awaitDetached(c, badTarget);
            assertThat(c.call(() -> badTarget.remoteDetach().error().condition()))
                    .isEqualTo(AmqpError.INVALID_FIELD);

            // Well typed: a temporary queue, attached.
            Receiver good = dynamicReceiver(
                    c,
                    Map.of(
                            NodeProperties.LIFETIME_POLICY,
                            DeleteOnClose.INSTANCE,
                            NodeProperties.SUPPORTED_DIST_MODES,
                            new Symbol[] {Symbol.valueOf("move")}));
            TestClient.await(() -> c.call(good::remoteState) == EndpointState.ACTIVE);
            assertThat(c.call(() -> good.remoteSource().address())).startsWith("temp-queue-");
            assertThat(c.call(good::remoteDetach)).isNull();
        }
    }
}
