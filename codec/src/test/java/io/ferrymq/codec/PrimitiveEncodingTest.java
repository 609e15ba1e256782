package io.ferrymq.codec;

import static io.ferrymq.codec.Bytes.decode;
import static io.ferrymq.codec.Bytes.encodeHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.spec.SpecTypes;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every primitive type at its boundaries, byte for byte against the encodings types.xml gives:
 * the encoder picks the smallest, the decoder accepts every valid one.
 */
class PrimitiveEncodingTest {

    @Test
    void nullAndBooleans() {
        assertThat(encodeHex(null)).isEqualTo("40");
        assertThat(encodeHex(true)).isEqualTo("41");
        assertThat(encodeHex(false)).isEqualTo("42");
        assertThat(decode("40")).isNull();
        assertThat(decode("41")).isEqualTo(true);
        assertThat(decode("42")).isEqualTo(false);
        assertThat(decode("56 01")).isEqualTo(true);
        assertThat(decode("56 00")).isEqualTo(false);
    }

    @Test
    void ubyteAndUshort() {
        assertThat(encodeHex(UnsignedByte.valueOf(0))).isEqualTo("5000");
        assertThat(encodeHex(UnsignedByte.valueOf(255))).isEqualTo("50ff");
        assertThat(decode("50 ff")).isEqualTo(UnsignedByte.valueOf(255));
        assertThat(encodeHex(UnsignedShort.valueOf(0))).isEqualTo("600000");
        assertThat(encodeHex(UnsignedShort.valueOf(65535))).isEqualTo("60ffff");
        assertThat(decode("60 ff ff")).isEqualTo(UnsignedShort.MAX_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"0, 43", "1, 5201", "255, 52ff", "256, 7000000100", "4294967295, 70ffffffff"})
    void uintPicksUint0SmalluintOrUint(long value, String hex) {
        assertThat(encodeHex(UnsignedInteger.valueOf(value))).isEqualTo(hex);
        assertThat(decode(hex)).isEqualTo(UnsignedInteger.valueOf(value));
    }

    @Test
    void uintDecodesFromEveryEncoding() {
        assertThat(decode("70 00 00 00 00")).isEqualTo(UnsignedInteger.ZERO);
        assertThat(decode("52 00")).isEqualTo(UnsignedInteger.ZERO);
        assertThat(decode("70 00 00 00 07")).isEqualTo(UnsignedInteger.valueOf(7));
    }

    @ParameterizedTest
    @CsvSource({"0, 44", "1, 5301", "255, 53ff", "256, 800000000000000100", "-1, 80ffffffffffffffff"})
    void ulongPicksUlong0SmallulongOrUlong(long bits, String hex) {
        assertThat(encodeHex(UnsignedLong.valueOf(bits))).isEqualTo(hex);
        assertThat(decode(hex)).isEqualTo(UnsignedLong.valueOf(bits));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 5400",
        "127, 547f",
        "-128, 5480",
        "128, 7100000080",
        "-129, 71ffffff7f",
        "2147483647, 717fffffff",
        "-2147483648, 7180000000"
    })
    void intPicksSmallintOrInt(int value, String hex) {
        assertThat(encodeHex(value)).isEqualTo(hex);
        assertThat(decode(hex)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 5500",
        "-128, 5580",
        "128, 810000000000000080",
        "9223372036854775807, 817fffffffffffffff",
        "-9223372036854775808, 818000000000000000"
    })
    void longPicksSmalllongOrLong(long value, String hex) {
        assertThat(encodeHex(value)).isEqualTo(hex);
        assertThat(decode(hex)).isEqualTo(value);
    }

    @Test
    void byteAndShort() {
        assertThat(encodeHex((byte) -1)).isEqualTo("51ff");
        assertThat(encodeHex(Byte.MIN_VALUE)).isEqualTo("5180");
        assertThat(decode("51 7f")).isEqualTo((byte) 127);
        assertThat(encodeHex(Short.MIN_VALUE)).isEqualTo("618000");
        assertThat(decode("61 7f ff")).isEqualTo(Short.MAX_VALUE);
    }

    @Test
    void floatingPoint() {
        assertThat(encodeHex(0.125f)).isEqualTo("723e000000");
        assertThat(encodeHex(0.125d)).isEqualTo("823fc0000000000000");
        assertThat(decode("72 7f c0 00 00")).isEqualTo(Float.NaN);
        assertThat(decode("82 7f f0 00 00 00 00 00 00")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decode("72 80 00 00 00")).isEqualTo(-0.0f);
    }

    @Test
    void decimals() {
        assertThat(encodeHex(new Decimal32(0x3040_0001))).isEqualTo("7430400001");
        assertThat(decode("74 30 40 00 01")).isEqualTo(new Decimal32(0x3040_0001));
        assertThat(encodeHex(new Decimal64(0x31c0_0000_0000_0001L))).isEqualTo("8431c0000000000001");
        assertThat(decode("84 31 c0 00 00 00 00 00 01")).isEqualTo(new Decimal64(0x31c0_0000_0000_0001L));
        Decimal128 d = new Decimal128(0x3040_0000_0000_0000L, 1L);
        assertThat(encodeHex(d)).isEqualTo("9430400000000000000000000000000001");
        assertThat(decode("94 30 40 00 00 00 00 00 00 00 00 00 00 00 00 00 01")).isEqualTo(d);
    }

    @Test
    void charIsUtf32() {
        assertThat(encodeHex(Char.of('A'))).isEqualTo("7300000041");
        assertThat(encodeHex(new Char(0x1F600))).isEqualTo("730001f600");
        assertThat(decode("73 00 10 ff ff")).isEqualTo(new Char(0x10FFFF));
    }

    @Test
    void timestampAndUuid() {
        assertThat(encodeHex(new Timestamp(0))).isEqualTo("830000000000000000");
        assertThat(encodeHex(new Timestamp(-1))).isEqualTo("83ffffffffffffffff");
        assertThat(decode("83 00 00 01 00 00 00 00 00")).isEqualTo(new Timestamp(1L << 40));
        UUID u = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertThat(encodeHex(u)).isEqualTo("980123456789abcdeffedcba9876543210");
        assertThat(decode("98 0123456789abcdef fedcba9876543210")).isEqualTo(u);
    }

    @Test
    void binaryPicksVbin8OrVbin32() {
        assertThat(encodeHex(Binary.EMPTY)).isEqualTo("a000");
        assertThat(encodeHex(new Binary(new byte[] {1, 2, 3}))).isEqualTo("a003010203");
        assertThat(encodeHex(new Binary(new byte[255]))).startsWith("a0ff00").hasSize(2 * 257);
        assertThat(encodeHex(new Binary(new byte[256])))
                .startsWith("b00000010000")
                .hasSize(2 * 261);
        assertThat(decode("b0 00 00 00 02 ab cd")).isEqualTo(new Binary(new byte[] {(byte) 0xab, (byte) 0xcd}));
    }

    @Test
    void stringPicksStr8OrStr32() {
        assertThat(encodeHex("")).isEqualTo("a100");
        assertThat(encodeHex("foo")).isEqualTo("a103666f6f");
        assertThat(encodeHex("é")).isEqualTo("a102c3a9");
        assertThat(encodeHex("x".repeat(255))).startsWith("a1ff78").hasSize(2 * 257);
        assertThat(encodeHex("x".repeat(256))).startsWith("b10000010078").hasSize(2 * 261);
        // 86 two-byte characters: 172 bytes, still str8 though more than 255/3 chars.
        assertThat(encodeHex("é".repeat(86))).startsWith("a1ac");
        // 128 two-byte characters: 256 bytes, str32.
        assertThat(encodeHex("é".repeat(128))).startsWith("b100000100");
        assertThat(decode("b1 00 00 00 03 66 6f 6f")).isEqualTo("foo");
        assertThat(decode("a1 04 f0 9f 98 80")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void symbolPicksSym8OrSym32() {
        assertThat(encodeHex(Symbol.valueOf(""))).isEqualTo("a300");
        assertThat(encodeHex(Symbol.valueOf("abc"))).isEqualTo("a3036162 63".replace(" ", ""));
        assertThat(encodeHex(Symbol.valueOf("s".repeat(256)))).startsWith("b300000100");
        assertThat(decode("b3 00 00 00 01 61")).isEqualTo(Symbol.valueOf("a"));
    }

    @Test
    void decodedSymbolsAreReusedFromTheCache() {
        Decoder d = SpecTypes.newDecoder();
        Object first = d.readObject(Bytes.buf("a3 03 61 62 63"));
        Object second = d.readObject(Bytes.buf("a3 03 61 62 63"));
        assertThat(second).isSameAs(first).isEqualTo(Symbol.valueOf("abc"));
    }
}
