package io.ferrymq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoder's short paths for buffers backed by an array (ASCII strings, cached map keys and
 * symbols compared 8 bytes at a time, the fieldless outcomes) against its general path, which
 * direct buffers take: both must give the same values and the same errors, at every length
 * and position where the short paths change how they read.
 */
class ShortPathTest {
    private static final String[] NOT_ASCII = {"\u00e9", "\u20ac", "\ud83d\ude00"};

    /** The value decoded from {@code bytes}, or the error, from a heap and a direct buffer: they must agree. */
    private static String decodeBoth(Decoder decoder, byte[] bytes) {
        String heap = outcome(decoder, Unpooled.wrappedBuffer(bytes));
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        try {
            assertThat(heap).as(Bytes.hexOf(Unpooled.wrappedBuffer(bytes))).isEqualTo(outcome(decoder, direct));
        } finally {
            direct.release();
        }
        return heap;
    }

    private static String outcome(Decoder decoder, ByteBuf b) {
        try {
            Object v = decoder.readObject(b);
            return "value " + Values.toString(v) + " at " + b.readerIndex();
        } catch (DecodeException e) {
            return "error " + e.getMessage() + " at " + e.offset();
        }
    }

    private static byte[] str8(byte[] utf8) {
        byte[] b = new byte[utf8.length + 2];
        b[0] = (byte) TypeCode.STR8;
        b[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, b, 2, utf8.length);
        return b;
    }

    private static String ascii(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) ('!' + i % 90));
        }
        return s.toString();
    }

    @Test
    void stringsOfEveryShortLengthDecodeAsTheJdkDecodesThem() {
        Decoder d = SpecTypes.newDecoder();
        for (int length = 0; length <= 80; length++) {
            String s = ascii(length);
            assertThat(d.readObject(Unpooled.wrappedBuffer(str8(s.getBytes(StandardCharsets.US_ASCII)))))
                    .isEqualTo(s);
            // A character of two, three and four bytes at each position.
            for (int at = 0; at < length; at++) {
                for (String other : NOT_ASCII) {
                    String mixed = s.substring(0, at) + other + s.substring(at);
                    byte[] utf8 = mixed.getBytes(StandardCharsets.UTF_8);
                    assertThat(decodeBoth(d, str8(utf8))).isEqualTo("value \"" + mixed + "\" at " + (utf8.length + 2));
                }
            }
        }
    }

    @Test
    void binariesOfEveryLengthAroundTheShortCopyDecodeToTheirBytes() {
        Decoder decoder = SpecTypes.newDecoder();
        for (int length = 0; length <= 40; length++) {
            byte[] value = new byte[length];
            for (int i = 0; i < length; i++) {
                value[i] = (byte) (0xf0 - 7 * i);
            }
            byte[] vbin8 = new byte[length + 2];
            vbin8[0] = (byte) TypeCode.VBIN8;
            vbin8[1] = (byte) length;
            System.arraycopy(value, 0, vbin8, 2, length);
            assertThat(decodeBoth(decoder, vbin8))
                    .isEqualTo("value " + Values.toString(new Binary(value)) + " at " + vbin8.length);
            // As a field: a transfer's delivery-tag, read by readBinary's own short path.
            ByteBuf transfer = Unpooled.buffer();
            new Transfer().handle(1).deliveryTag(new Binary(value)).encode(transfer);
            Transfer decoded = (Transfer) decoder.readObject(transfer);
            assertThat(decoded.deliveryTag().toByteArray()).isEqualTo(value);
        }
    }

    @Test
    void aByteOfEightBitsAnywhereInAShortStringIsNotValidUtf8() {
        Decoder d = SpecTypes.newDecoder();
        for (int length = 1; length <= 80; length++) {
            for (int at = 0; at < length; at++) {
                for (int bad : new int[] {0x80, 0xbf, 0xc3, 0xff}) {
                    byte[] bytes = ascii(length).getBytes(StandardCharsets.US_ASCII);
                    bytes[at] = (byte) bad;
                    assertThat(decodeBoth(d, str8(bytes))).startsWith("error string is not valid UTF-8");
                }
            }
        }
    }

    @Test
    void cachedKeysAndSymbolsAreComparedInFull() {
        // Each key differs from the one read before it in one byte only, at every position, so
        // a comparison that skips any byte returns the cached key of the earlier one.
        Decoder d = SpecTypes.newDecoder();
        for (int length = 1; length <= 80; length++) {
            String base = ascii(length);
            for (int at = 0; at < length; at++) {
                char[] chars = base.toCharArray();
                chars[at] = '~';
                String changed = new String(chars);
                for (String key : new String[] {base, changed, base}) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put(key, true);
                    assertThat(d.readObject(Unpooled.wrappedBuffer(Encoder.toBytes(map))))
                            .isEqualTo(map);
                    Symbol symbol = Symbol.valueOf(key);
                    assertThat(d.readObject(Unpooled.wrappedBuffer(Encoder.toBytes(symbol))))
                            .isEqualTo(symbol);
                }
            }
        }
    }

    @Test
    void fieldlessOutcomesDecodeToTheirOneValue() {
        Decoder d = SpecTypes.newDecoder();
        for (Object state : new Object[] {Accepted.INSTANCE, Released.INSTANCE}) {
            Disposition disposition = new Disposition()
                    .role(Role.RECEIVER)
                    .first(7)
                    .settled(true)
                    .state((io.ferrymq.codec.messaging.DeliveryState) state);
            Disposition decoded = (Disposition) d.readObject(Unpooled.wrappedBuffer(Encoder.toBytes(disposition)));
            assertThat(decoded.state()).isSameAs(state);
            decodeBoth(d, Encoder.toBytes(disposition));
        }
    }

    @Test
    void fieldlessOutcomesAreBoundedInDepthAsTheGeneralPathIs() {
        byte[] bytes = Encoder.toBytes(
                new Disposition().role(Role.RECEIVER).first(7).settled(true).state(Accepted.INSTANCE));
        for (int maxDepth = 1; maxDepth <= 6; maxDepth++) {
            String result = decodeBoth(SpecTypes.newDecoder(maxDepth), bytes);
            // The disposition and its list take two levels, the outcome and its list two more.
            assertThat(result).startsWith(maxDepth >= 4 ? "value" : "error values nested deeper");
        }
    }

    @Test
    void anOutcomeWhereItIsNotAllowedIsReportedAsBefore() {
        // rejected.error holds an error condition: an accepted there is an error, on both paths.
        byte[] bytes = Bytes.hex("00 53 25 c0 05 01 00 53 24 45");
        assertThat(decodeBoth(SpecTypes.newDecoder(), bytes))
                .startsWith("error rejected.error: expected ErrorCondition, found Accepted");
    }

    /** A settled disposition of delivery 7 by the receiver, its state written as {@code state}. */
    private static byte[] disposition(byte[] state) {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(Bytes.hex("00 53 15 c0"));
        b.writeByte(1 + 5 + state.length).writeByte(5);
        b.writeBytes(Bytes.hex("41 52 07 40 41")).writeBytes(state);
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void outcomesInOtherFormsTakeTheGeneralPath() {
        Decoder d = SpecTypes.newDecoder();
        byte[] symbol = Encoder.toBytes(Accepted.DESCRIPTOR_SYMBOL);
        byte[] bySymbol = new byte[symbol.length + 2];
        System.arraycopy(symbol, 0, bySymbol, 1, symbol.length);
        bySymbol[bySymbol.length - 1] = TypeCode.LIST0;
        for (byte[] state : new byte[][] {Bytes.hex("00 53 24 c0 01 00"), bySymbol}) {
            byte[] bytes = disposition(state);
            assertThat(((Disposition) d.readObject(Unpooled.wrappedBuffer(bytes))).state())
                    .isSameAs(Accepted.INSTANCE);
            decodeBoth(d, bytes);
        }
        // Truncated just after the descriptor code: the error of the general path.
        assertThat(decodeBoth(d, Bytes.hex("00 53 15 c0 09 05 41 52 07 40 41 00 53 24")))
                .startsWith("error truncated");
    }
}
