package io.ferrymq.codec;

import static io.ferrymq.codec.Bytes.buf;
import static io.ferrymq.codec.Bytes.decode;
import static io.ferrymq.codec.Bytes.encodeHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.spec.SpecTypes;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A value decoded from the wire re-encodes to the same AMQP type: a ubyte stays a ubyte, a
 * symbol stays a symbol, an unknown described type comes back byte for byte.
 */
class TypeFidelityTest {

    @Test
    void applicationPropertiesKeepEveryValueType() {
        // Written by hand, not by our encoder: ubyte, ushort, uint, ulong, byte, short, symbol,
        // char, timestamp and a long in its 8-byte form.
        String entries = "a101 61 50 07"
                + "a101 62 60 0007"
                + "a101 63 52 07"
                + "a101 64 53 07"
                + "a101 65 51 07"
                + "a101 66 61 0007"
                + "a101 67 a3 01 78"
                + "a101 68 73 00000078"
                + "a101 69 83 0000000000000007"
                + "a101 6a 81 0000000000000007";
        entries = entries.replace(" ", "");
        String hex = "005374" + "c1" + String.format("%02x", entries.length() / 2 + 1) + "14" + entries;
        ApplicationProperties props = (ApplicationProperties) decode(hex);
        Map<String, Object> v = props.value();
        assertThat(v.get("a")).isEqualTo(UnsignedByte.valueOf(7));
        assertThat(v.get("b")).isEqualTo(UnsignedShort.valueOf(7));
        assertThat(v.get("c")).isEqualTo(UnsignedInteger.valueOf(7));
        assertThat(v.get("d")).isEqualTo(UnsignedLong.valueOf(7));
        assertThat(v.get("e")).isEqualTo((byte) 7);
        assertThat(v.get("f")).isEqualTo((short) 7);
        assertThat(v.get("g")).isEqualTo(Symbol.valueOf("x"));
        assertThat(v.get("h")).isEqualTo(new Char('x'));
        assertThat(v.get("i")).isEqualTo(new Timestamp(7));
        assertThat(v.get("j")).isEqualTo(7L);
        // Re-encoded, each keeps its type; only the long takes its smaller smalllong form.
        String again = encodeHex(props);
        String shorter = entries.replace("810000000000000007", "5507");
        assertThat(again).isEqualTo("005374" + "c1" + String.format("%02x", shorter.length() / 2 + 1) + "14" + shorter);
        assertThat(decode(again)).isEqualTo(props);
    }

    @Test
    void unknownDescribedTypesReEncodeByteForByte() {
        // A list32 with trailing nulls and a uint in its 4-byte form: not how we would write it.
        String hex = "00 80 0000abcd00000001 d0 0000000f 00000003 70 00000005 40 a3 03 666f6f".replace(" ", "");
        Object v = decode(hex);
        assertThat(v).isInstanceOf(UnknownDescribedType.class);
        UnknownDescribedType u = (UnknownDescribedType) v;
        assertThat(u.descriptor()).isEqualTo(UnsignedLong.valueOf(0x0000abcd00000001L));
        assertThat(u.described())
                .isEqualTo(java.util.Arrays.asList(UnsignedInteger.valueOf(5), null, Symbol.valueOf("foo")));
        assertThat(encodeHex(v)).isEqualTo(hex);
    }

    @Test
    void unknownDescribedInsideAnnotationsIsCarriedUnchanged() {
        String inner = "00 a3 06 783a6f707421 c0 04 02 50 01 41".replace(" ", "");
        String hex = ("005372" + "c1 " + String.format("%02x", 1 + 3 + inner.length() / 2) + " 02 a3 01 6b " + inner)
                .replace(" ", "");
        MessageAnnotations ma = (MessageAnnotations) decode(hex);
        assertThat(encodeHex(ma)).isEqualTo(hex);
    }

    @Test
    void describedWithSymbolDescriptorMadeByTheApplication() {
        UnknownDescribedType u = new UnknownDescribedType(Symbol.valueOf("app:x"), List.of(1));
        assertThat(decode(encodeHex(u))).isEqualTo(u);
    }

    @Test
    void randomValuesDecodeToEqualValuesAndIdenticalBytes() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            Object value = RandomValues.value(r, 3);
            String hex = encodeHex(value);
            Object back = SpecTypes.newDecoder().readObject(buf(hex));
            assertThat(encodeHex(back)).as("value %s", Values.toString(value)).isEqualTo(hex);
            assertThat(java.util.Objects.deepEquals(normalise(back), normalise(value)))
                    .as("value %s decoded as %s", Values.toString(value), Values.toString(back))
                    .isTrue();
        }
    }

    private static Object normalise(Object v) {
        return Normal.form(v);
    }
}
