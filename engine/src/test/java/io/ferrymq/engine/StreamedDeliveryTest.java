package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A delivery written in many pieces lets go of each piece once it has been framed, so a message
 * larger than memory can be streamed through {@link Delivery#write}.
 */
class StreamedDeliveryTest {
    @Test
    void framedPiecesAreReleasedWhileTheDeliveryIsStillBeingWritten() {
        EnginePair pair = EnginePair.plain();
        Session session = pair.openSession();
        Sender sender = session.sender("stream");
        sender.source(new Source()).target(new Target().address("q"));
        sender.attach();
        pair.serverEvents.onAttach = link -> ((Receiver) link).flow(1);
        long[] received = new long[1];
        pair.serverEvents.onDelivery = d -> {
            ByteBuf p = d.takePayload();
            received[0] += p.readableBytes();
            p.release();
        };
        pair.pump();

        Delivery d = sender.begin(null, false, 0);
        List<ByteBuf> pieces = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ByteBuf piece = Unpooled.buffer(64 * 1024).writeZero(64 * 1024);
            pieces.add(piece);
            d.write(piece, i == 99);
            pair.pump();
            // Every piece before the one just written has gone out and is no longer held.
            for (int j = 0; j < i; j++) {
                assertThat(pieces.get(j).refCnt())
                        .as("piece %d after writing piece %d", j, i)
                        .isZero();
            }
        }
        assertThat(received[0]).isEqualTo(100L * 64 * 1024);
        assertThat(pieces).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }
}
