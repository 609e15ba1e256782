package io.ferrymq.bench.codec;

import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The broker's path through an arriving message (Ferry only; protonj2 has no counterpart): find
 * the section boundaries of {@link MessageBenchmark}'s message without decoding them, then decode
 * only the header, which routing and redelivery need.
 */
public class MessageViewBenchmark extends CodecBenchmark {
    @Setup
    public void setUp() {
        inputs(MessageBenchmark.encoded());
    }

    @Benchmark
    public Header ferryParseAndHeader() {
        MessageView view = MessageView.parse(ferryInput(), ferryDecoder);
        return view.header(ferryDecoder);
    }
}
