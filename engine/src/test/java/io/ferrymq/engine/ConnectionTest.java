package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Two Ferry engines talking: the basic lifecycle of connection, session, link and delivery. */
class ConnectionTest {

    @Test
    void openBeginAttachTransferSettleDetachEndClose() {
        EnginePair pair = EnginePair.plain();
        Session session = pair.openSession();
        assertThat(pair.serverEvents.events).containsExactly("open", "begin");
        assertThat(pair.client.connection().remoteContainerId()).isEqualTo("server");
        assertThat(session.remoteState()).isEqualTo(EndpointState.ACTIVE);

        Sender sender = session.sender("s1");
        sender.source(new Source()).target(new Target().address("queue-a"));
        sender.attach();
        pair.serverEvents.onAttach = link -> ((Receiver) link).flow(10);
        pair.pump();
        assertThat(sender.remoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(sender.credit()).isEqualTo(10);

        Delivery sent = sender.send(new Binary(new byte[] {1}), Unpooled.wrappedBuffer("hello".getBytes()), false);
        pair.pump();
        assertThat(pair.serverEvents.deliveries).hasSize(1);
        Delivery received = pair.serverEvents.deliveries.get(0);
        assertThat(received.tag()).isEqualTo(new Binary(new byte[] {1}));
        assertThat(received.payload().toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(sender.credit()).isEqualTo(9);

        received.disposition(Accepted.INSTANCE, true);
        pair.pump();
        assertThat(sent.remoteState()).isEqualTo(Accepted.INSTANCE);
        assertThat(sent.isRemotelySettled()).isTrue();

        sender.close();
        pair.pump();
        assertThat(sender.remoteState()).isEqualTo(EndpointState.CLOSED);
        session.end();
        pair.pump();
        assertThat(session.remoteState()).isEqualTo(EndpointState.CLOSED);
        pair.client.connection().close();
        pair.pump();
        assertThat(pair.client.isFinished()).isTrue();
        assertThat(pair.server.isFinished()).isTrue();
    }
}
