package io.ferrymq.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Transfer;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs each codec benchmark's operations once, outside JMH: setting up checks that both codecs
 * encode the values to the same bytes, and here each decode must give back those values.
 */
class CodecBenchmarksSmokeTest {
    private static Blackhole blackhole() {
        return new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    @Test
    void transfer() {
        TransferBenchmark t = new TransferBenchmark();
        t.setUp();
        assertThat(t.ferryDecode()).isEqualTo(t.ferry);
        assertThat(t.protonj2Decode()).isInstanceOf(org.apache.qpid.protonj2.types.transport.Transfer.class);
        assertThat(((Transfer) t.ferryDecode()).deliveryId()).isEqualTo(TransferBenchmark.DELIVERY_ID);
    }

    @Test
    void flow() {
        FlowBenchmark f = new FlowBenchmark();
        f.setUp();
        assertThat(f.ferryDecode()).isEqualTo(f.ferry);
        assertThat(((Flow) f.ferryDecode()).linkCredit()).isEqualTo(1000);
        assertThat(f.protonj2Decode()).isInstanceOf(org.apache.qpid.protonj2.types.transport.Flow.class);
    }

    @Test
    void disposition() {
        DispositionBenchmark d = new DispositionBenchmark();
        d.setUp();
        assertThat(d.ferryDecode()).isEqualTo(d.ferry);
        assertThat(((Disposition) d.ferryDecode()).last()).isEqualTo(DispositionBenchmark.LAST);
        assertThat(d.protonj2Decode()).isInstanceOf(org.apache.qpid.protonj2.types.transport.Disposition.class);
    }

    @Test
    void message() {
        MessageBenchmark m = new MessageBenchmark();
        m.setUp();
        m.ferryDecode(blackhole());
        m.protonj2Decode(blackhole());
        assertThat(m.ferryInput.readerIndex()).isEqualTo(m.ferryInput.writerIndex());
        assertThat(m.protonInput.isReadable()).isFalse();
        m.protonj2DecodeOwnEncoding(blackhole());
        assertThat(m.protonOwnInput.isReadable()).isFalse();
        // protonj2 writes the properties as a list32 and the application-properties as a map32.
        assertThat(m.protonj2Encode().getReadableBytes())
                .isEqualTo(m.ferryEncode().readableBytes() + 6 + 6);
    }

    @Test
    void messageView() {
        MessageViewBenchmark v = new MessageViewBenchmark();
        v.setUp();
        Header header = v.ferryParseAndHeader();
        assertThat(header.durable()).isTrue();
    }
}
