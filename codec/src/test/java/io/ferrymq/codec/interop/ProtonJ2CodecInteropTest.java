package io.ferrymq.codec.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Normal;
import io.ferrymq.codec.Values;
import io.ferrymq.codec.messaging.Section;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Ferry's codec against Qpid protonj2's, an implementation we did not write: what one encodes,
 * the other decodes to an equal value, compared field by field through each library's own
 * accessors. Randomized: each try draws a seed and builds values, performatives or whole
 * messages from it.
 */
class ProtonJ2CodecInteropTest {

    private static Object ferryDecode(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        Object v = SpecTypes.newDecoder().readObject(b);
        assertThat(b.isReadable()).as("bytes left after decoding").isFalse();
        return v;
    }

    /**
     * Composites compare field by field ({@link Normal}): not by encoding, since an unknown
     * described value inside keeps the bytes the other codec wrote. The hex shows where a
     * failure differs.
     */
    private static String hex(Object composite) {
        return java.util.HexFormat.of().formatHex(Encoder.toBytes(composite));
    }

    @Property(tries = 3000)
    void valuesEncodedByFerryDecodeEquallyInProtonJ2(@ForAll long seed) {
        Object value = InteropValues.value(new SplittableRandom(seed), 3);
        Object seen = ProtonJ2Bridge.fromPj(ProtonJ2Bridge.pjDecode(Encoder.toBytes(value)));
        // protonj2 reads a timestamp as a Long, so here timestamps compare by their milliseconds.
        assertThat(Normal.sameIgnoringTimestampType(seen, value))
                .as("%s came back as %s", Values.toString(value), Values.toString(seen))
                .isTrue();
    }

    @Property(tries = 3000)
    void valuesEncodedByProtonJ2DecodeEquallyInFerry(@ForAll long seed) {
        Object value = InteropValues.value(new SplittableRandom(seed), 3);
        Object seen = ferryDecode(ProtonJ2Bridge.pjEncode(ProtonJ2Bridge.toPj(value)));
        assertThat(Normal.same(seen, value))
                .as("%s came back as %s", Values.toString(value), Values.toString(seen))
                .isTrue();
    }

    @Property(tries = 3000)
    void performativesEncodedByFerryDecodeEquallyInProtonJ2(@ForAll long seed) {
        Object performative = new RandomComposites(seed).performative();
        Object pj = ProtonJ2Bridge.pjDecode(Encoder.toBytes(performative));
        Object seen = ProtonJ2Bridge.fromPj(pj);
        assertThat(Normal.same(seen, performative))
                .as("%s%nvs %s", hex(performative), hex(seen))
                .isTrue();
    }

    @Property(tries = 3000)
    void performativesEncodedByProtonJ2DecodeEquallyInFerry(@ForAll long seed) {
        Object performative = new RandomComposites(seed).performative();
        Object seen = ferryDecode(ProtonJ2Bridge.pjEncode(ProtonJ2Bridge.toPj(performative)));
        assertThat(Normal.same(seen, performative))
                .as("%s%nvs %s", hex(performative), hex(seen))
                .isTrue();
    }

    @Property(tries = 1000)
    void wholeMessagesCrossBothWays(@ForAll long seed) {
        List<Section> message = new RandomComposites(seed).message();
        ByteBuf ferry = Unpooled.buffer();
        List<byte[]> protonEncoded = new ArrayList<>();
        for (Section s : message) {
            s.encode(ferry);
            protonEncoded.add(ProtonJ2Bridge.pjEncode(ProtonJ2Bridge.toPj(s)));
        }
        // Ferry's encoding of the whole message, read by protonj2 section after section.
        org.apache.qpid.protonj2.buffer.ProtonBuffer pb =
                org.apache.qpid.protonj2.buffer.ProtonBufferAllocator.defaultAllocator()
                        .copy(io.netty.buffer.ByteBufUtil.getBytes(ferry));
        var pjDecoder = org.apache.qpid.protonj2.codec.CodecFactory.getDefaultDecoder();
        var state = pjDecoder.newDecoderState();
        for (Section expected : message) {
            Object seen = ProtonJ2Bridge.fromPj(pjDecoder.readObject(pb, state));
            assertThat(Normal.same(sectionValue(seen), sectionValue(expected)))
                    .as("%s vs %s", seen, expected)
                    .isTrue();
            assertThat(seen.getClass()).isEqualTo(expected.getClass());
        }
        // protonj2's encodings, read by Ferry.
        for (int i = 0; i < message.size(); i++) {
            Object seen = ferryDecode(protonEncoded.get(i));
            assertThat(Normal.same(sectionValue(seen), sectionValue(message.get(i))))
                    .as("%s vs %s", seen, message.get(i))
                    .isTrue();
        }
    }

    /** Sections compare by their values; composite sections (header, properties) by encoding. */
    private static Object sectionValue(Object section) {
        if (section instanceof io.ferrymq.codec.CompositeType) {
            return section;
        }
        return ((Section) section).described();
    }
}
