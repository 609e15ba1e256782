package io.ferrymq.bench.codec;

import io.ferrymq.codec.CompositeType;
import io.netty.buffer.ByteBuf;
import org.apache.qpid.protonj2.buffer.ProtonBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Decode and encode of one performative by each codec. Both encode the same values to the very
 * same bytes (checked at setup), and both decode those bytes.
 */
public abstract class PerformativeBenchmark extends CodecBenchmark {
    CompositeType ferry;
    Object proton;

    /** The performative in Ferry's types. */
    abstract CompositeType ferryValue();

    /** The same performative in protonj2's types. */
    abstract Object protonValue();

    @Setup
    public void setUp() {
        ferry = ferryValue();
        proton = protonValue();
        ferryEncode();
        protonj2Encode();
        inputs(sameEncoding(ferryWritten(), protonWritten(), getClass().getSimpleName()));
    }

    @Benchmark
    public Object ferryDecode() {
        return ferryDecoder.readObject(ferryInput());
    }

    @Benchmark
    public Object protonj2Decode() {
        return protonDecoder.readObject(protonInput(), protonDecoderState);
    }

    @Benchmark
    public ByteBuf ferryEncode() {
        ByteBuf b = ferryOutput();
        ferry.encode(b);
        return b;
    }

    @Benchmark
    public ProtonBuffer protonj2Encode() {
        ProtonBuffer b = protonOutput();
        protonEncoder.writeObject(b, protonEncoderState, proton);
        return b;
    }
}
