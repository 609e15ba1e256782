package io.ferrymq.bench.codec;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.buffer.ProtonBuffer;
import org.apache.qpid.protonj2.buffer.ProtonBufferAllocator;
import org.apache.qpid.protonj2.codec.CodecFactory;
import org.apache.qpid.protonj2.codec.DecoderState;
import org.apache.qpid.protonj2.codec.Encoder;
import org.apache.qpid.protonj2.codec.EncoderState;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The base of the codec benchmarks: what each side of a comparison keeps between operations,
 * set up as each library means it to be used. Ferry: one {@link Decoder} per thread and a
 * reused Netty heap buffer. protonj2: its default encoder and decoder with their states made
 * once, and a reused {@link ProtonBuffer} from its default (heap) allocator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public abstract class CodecBenchmark {
    static final int BUFFER_SIZE = 4096;

    final Decoder ferryDecoder = SpecTypes.newDecoder();
    /** Ferry encodes into this; decode benchmarks read their input from {@link #ferryInput}. */
    final ByteBuf ferryOutput = Unpooled.buffer(BUFFER_SIZE, BUFFER_SIZE);

    ByteBuf ferryInput;

    final Encoder protonEncoder = CodecFactory.getDefaultEncoder();
    final EncoderState protonEncoderState = protonEncoder.newEncoderState();
    final org.apache.qpid.protonj2.codec.Decoder protonDecoder = CodecFactory.getDefaultDecoder();
    final DecoderState protonDecoderState = protonDecoder.newDecoderState();
    final ProtonBuffer protonOutput = ProtonBufferAllocator.defaultAllocator().allocate(BUFFER_SIZE);
    ProtonBuffer protonInput;

    /**
     * Checks that the two codecs encode the same values to the very same bytes, and returns them.
     */
    static byte[] sameEncoding(byte[] ferryBytes, byte[] protonBytes, String what) {
        if (!Arrays.equals(ferryBytes, protonBytes)) {
            HexFormat hex = HexFormat.of();
            throw new IllegalStateException(what + ": the codecs encode the values differently\n  ferry:    "
                    + hex.formatHex(ferryBytes) + "\n  protonj2: " + hex.formatHex(protonBytes));
        }
        return ferryBytes;
    }

    /** Sets up the decode inputs: both decoders read these same bytes, each from its own buffer. */
    void inputs(byte[] wire) {
        ferryInput = Unpooled.buffer(wire.length).writeBytes(wire);
        protonInput = protonBuffer(wire);
    }

    static ProtonBuffer protonBuffer(byte[] bytes) {
        return ProtonBufferAllocator.defaultAllocator().allocate(bytes.length).writeBytes(bytes);
    }

    /** The bytes Ferry wrote to {@link #ferryOutput}. */
    byte[] ferryWritten() {
        return ByteBufUtil.getBytes(ferryOutput);
    }

    /** The bytes protonj2 wrote to {@link #protonOutput}. */
    byte[] protonWritten() {
        byte[] bytes = new byte[protonOutput.getReadableBytes()];
        protonOutput.copyInto(protonOutput.getReadOffset(), bytes, 0, bytes.length);
        return bytes;
    }

    ByteBuf ferryInput() {
        return ferryInput.readerIndex(0);
    }

    ProtonBuffer protonInput() {
        return protonInput.setReadOffset(0);
    }

    ByteBuf ferryOutput() {
        return ferryOutput.clear();
    }

    ProtonBuffer protonOutput() {
        return protonOutput.clear();
    }
}
