package io.ferrymq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded mutation fuzzer: takes valid encodings of every composite and many values, flips,
 * inserts, deletes and overwrites bytes (favouring sizes, counts and constructors), and feeds
 * the result to the decoder. The only exception allowed is {@link DecodeException}; a decode
 * that succeeds must re-encode without error; nothing may hang.
 *
 * <p>{@code -Dferry.fuzz.iterations=N} runs longer; {@code -Dferry.fuzz.seed=S} replays a run.
 */
class FuzzTest {
    private static final int ITERATIONS = Integer.getInteger("ferry.fuzz.iterations", 1_000_000);
    private static final long SEED = Long.getLong("ferry.fuzz.seed", 0x5eed_f00dL);

    private static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        Stream.concat(CompositeTypesTest.everyTypeFullyPopulated(), RandomValues.samples(new SplittableRandom(1), 200))
                .forEach(v -> corpus.add(Encoder.toBytes(v)));
        return corpus;
    }

    @Test
    @Timeout(120)
    void mutatedEncodingsOnlyEverRaiseDecodeException() {
        List<byte[]> corpus = corpus();
        SplittableRandom random = new SplittableRandom(SEED);
        Decoder decoder = SpecTypes.newDecoder();
        int decodedOk = 0;
        int rejected = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            ByteBuf b = Unpooled.wrappedBuffer(input);
            try {
                Object v = decoder.readObject(b);
                Encoder.toBytes(v);
                decodedOk++;
            } catch (DecodeException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (Throwable t) {
                fail(
                        "iteration " + i + " (seed " + SEED + "): " + t + " decoding "
                                + Bytes.hexOf(Unpooled.wrappedBuffer(input)),
                        t);
            }
        }
        assertThat(decodedOk).as("some mutants still decode").isPositive();
        assertThat(rejected).as("some mutants are rejected").isPositive();
    }

    /**
     * The decoder reads a buffer backed by an array directly and any other buffer through
     * Netty; both must accept and reject the same bytes, with the same values and the same
     * errors (offsets included). The array here is a slice in the middle of a larger one.
     */
    @Test
    @Timeout(120)
    void arrayAndDirectBuffersDecodeAlike() {
        List<byte[]> corpus = corpus();
        SplittableRandom random = new SplittableRandom(SEED + 1);
        Decoder decoder = SpecTypes.newDecoder();
        for (int i = 0; i < 100_000; i++) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            byte[] padded = new byte[input.length + 7];
            System.arraycopy(input, 0, padded, 3, input.length);
            ByteBuf heap = Unpooled.wrappedBuffer(padded).slice(3, input.length);
            ByteBuf direct = Unpooled.directBuffer(input.length).writeBytes(input);
            try {
                String fromHeap = outcome(decoder, heap);
                String fromDirect = outcome(decoder, direct);
                assertThat(fromHeap)
                        .as("iteration %d: %s", i, Bytes.hexOf(Unpooled.wrappedBuffer(input)))
                        .isEqualTo(fromDirect);
                assertThat(heap.readerIndex()).isEqualTo(direct.readerIndex());
            } finally {
                direct.release();
            }
        }
    }

    private static String outcome(Decoder decoder, ByteBuf b) {
        try {
            return "value " + Bytes.hexOf(Unpooled.wrappedBuffer(Encoder.toBytes(decoder.readObject(b))));
        } catch (DecodeException e) {
            return "error " + e.getMessage();
        }
    }

    static byte[] mutate(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b[at] = (byte) (r.nextBoolean() ? 0xff : 0x00);
                case 3 -> b = java.util.Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) CONSTRUCTORS[r.nextInt(CONSTRUCTORS.length)];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                case 5 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> b[at] = (byte) CONSTRUCTORS[r.nextInt(CONSTRUCTORS.length)];
            }
        }
        return b;
    }

    private static final int[] CONSTRUCTORS = {
        0x00, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x60, 0x61, 0x70, 0x71,
        0x72, 0x73, 0x74, 0x80, 0x81, 0x82, 0x83, 0x84, 0x94, 0x98, 0xa0, 0xa1, 0xa3, 0xb0, 0xb1, 0xb3, 0xc0, 0xc1,
        0xd0, 0xd1, 0xe0, 0xf0
    };
}
