package io.ferrymq.codec;

import static io.ferrymq.codec.Bytes.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes crafted to break a decoder: each must raise a {@link DecodeException} that says what
 * and where, without allocating by an unchecked length and without hanging.
 */
class HostileInputTest {

    private static DecodeException failure(String hex) {
        try {
            Object v = SpecTypes.newDecoder().readObject(buf(hex));
            throw new AssertionError("decoded " + v + " from " + hex);
        } catch (DecodeException e) {
            return e;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "70 00 00",
                "81 00",
                "98 00 00",
                "a1 05 61 62",
                "a0",
                "b0 00 00",
                "c0 05 02 41",
                "d0 00 00 00 10 00",
                "e0 04 02 54 01",
                "00",
                "00 53",
                "00 53 70",
                "f0 00 00 00 20 00 00 00 02 71 00"
            })
    void truncatedDataIsReported(String hex) {
        assertThat(failure(hex).getMessage()).containsAnyOf("truncated", "needs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "3f", "46", "57", "62", "75", "85", "99", "a2", "b4", "c2", "e1", "ff"})
    void unknownConstructorIsReported(String hex) {
        DecodeException e = failure(hex);
        assertThat(e.getMessage()).contains("unknown constructor 0x" + hex.replaceFirst("^0", ""));
        assertThat(e.offset()).isZero();
    }

    @Test
    void sizesLargerThanTheBytesPresentAllocateNothing() {
        // A 4 GiB binary, string, list, map and array, each announced in a handful of bytes.
        for (String hex : new String[] {
            "b0 ff ff ff ff 00",
            "b1 ff ff ff ff 61",
            "b3 ff ff ff ff 61",
            "d0 ff ff ff ff ff ff ff ff",
            "d1 ff ff ff ff ff ff ff ff",
            "f0 ff ff ff ff ff ff ff ff 54"
        }) {
            assertThat(failure(hex).getMessage()).contains("needs");
        }
    }

    @Test
    void countsLargerThanTheItemsPresentAreReported() {
        // list32 of size 8 claiming 2^32-1 items: the count is a lie, no list of that size is made.
        assertThat(failure("d0 00 00 00 08 ff ff ff ff 41 41 41 41").getMessage())
                .contains("count");
        assertThat(failure("c0 02 05 41").getMessage()).contains("count");
        // array8 of ints claiming 100 elements in 3 bytes.
        assertThat(failure("e0 05 64 54 01 02 03").getMessage()).contains("count");
    }

    @Test
    void zeroWidthArrayElementsAreBounded() {
        // An array of null (or true) elements takes no bytes per element: the count alone could ask
        // for four billion entries.
        assertThat(failure("f0 00 00 00 05 ff ff ff ff 40").getMessage()).contains("limit");
        Object[] fine = (Object[]) SpecTypes.newDecoder().readObject(buf("e0 02 03 40"));
        assertThat(fine).hasSize(3);
    }

    @Test
    void deepNestingIsBounded() {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 10_000; i++) {
            b.writeByte(0xc0).writeByte(0x00).writeByte(0x01);
        }
        // Sizes are inconsistent here, but depth is checked first as the decoder descends.
        ByteBuf nested = Unpooled.buffer();
        int depth = 200;
        for (int i = 0; i < depth; i++) {
            nested.writeByte(0xd0).writeInt(4 + (depth - i - 1) * 9 + 1).writeInt(1);
        }
        nested.writeByte(0x40);
        assertThatThrownBy(() -> SpecTypes.newDecoder().readObject(nested))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void deeplyNestedDescriptorsAreBounded() {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 100_000; i++) {
            b.writeByte(0x00);
        }
        assertThatThrownBy(() -> SpecTypes.newDecoder().readObject(b))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void decoderIsUsableAfterAFailure() {
        Decoder d = SpecTypes.newDecoder();
        ByteBuf nested = Unpooled.buffer();
        for (int i = 0; i < 100; i++) {
            nested.writeByte(0x00).writeByte(0x53).writeByte(0x77);
        }
        nested.writeByte(0x40);
        assertThatThrownBy(() -> d.readObject(nested)).isInstanceOf(DecodeException.class);
        assertThat(d.readObject(buf("c0 02 01 41"))).isEqualTo(java.util.List.of(true));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a1 01 ff",
                "a1 01 80",
                "a1 02 c3 28",
                "a1 03 ed a0 80",
                "a1 02 c0 af",
                "a1 04 f8 88 80 80",
                "a1 02 e2 82"
            })
    void invalidUtf8IsReported(String hex) {
        DecodeException e = failure(hex);
        assertThat(e.getMessage()).contains("not valid UTF-8");
    }

    @Test
    void invalidUtf8InADirectBufferIsReportedToo() {
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeBytes(Bytes.hex("a1 02 c3 28"));
        assertThatThrownBy(() -> SpecTypes.newDecoder().readObject(direct))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void symbolsMustBeAscii() {
        assertThat(failure("a3 02 61 e9").getMessage()).contains("not ASCII");
    }

    @Test
    void otherInvalidValues() {
        assertThat(failure("56 02").getMessage()).contains("boolean byte");
        assertThat(failure("73 00 11 00 00").getMessage()).contains("code point");
        assertThat(failure("c1 03 01 54 01").getMessage()).contains("odd number");
        assertThat(failure("c0 04 01 54 01 00").getMessage()).contains("end 1 bytes before its size");
        // a list whose single item runs past the list's own size
        assertThat(failure("c0 02 01 a1 05 61 62 63 64 65").getMessage()).contains("past its size");
        assertThat(failure("00 40 41").getMessage()).contains("descriptor cannot be null");
    }

    @Test
    void mapKeysOfTheWrongTypeAreReportedWhereTheyAre() {
        // application-properties keyed by the int 1; modified.message-annotations likewise.
        DecodeException e = failure("00 53 74 c1 07 02 71 00 00 00 01 41");
        assertThat(e.getMessage()).startsWith("application-properties: keys are of type String, found Integer");
        assertThat(e.offset()).isEqualTo(6);
        e = failure("00 53 27 c0 0c 03 40 40 c1 07 02 71 00 00 00 01 41");
        assertThat(e.getMessage()).startsWith("modified.message-annotations: keys are of type Symbol, found Integer");
        assertThat(e.offset()).isEqualTo(11);
    }

    @Test
    void errorSaysWhere() {
        DecodeException e = failure("c0 05 02 41 a1 05 61");
        assertThat(e.offset()).isGreaterThan(0);
        assertThat(e.getMessage()).contains("at offset");
    }
}
