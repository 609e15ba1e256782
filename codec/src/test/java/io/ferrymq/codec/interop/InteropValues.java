package io.ferrymq.codec.interop;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Char;
import io.ferrymq.codec.Decimal128;
import io.ferrymq.codec.Decimal32;
import io.ferrymq.codec.Decimal64;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.Timestamp;
import io.ferrymq.codec.UnknownDescribedType;
import io.ferrymq.codec.UnsignedByte;
import io.ferrymq.codec.UnsignedInteger;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.UnsignedShort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random values of every AMQP type that both codecs can represent, within protonj2's limits:
 * it maps char to Java's {@code char} (so chars stay in the Basic Multilingual Plane), its
 * encoder cannot write a null inside a list (so lists here hold no nulls), and its decoder
 * reads a timestamp as a plain {@code Long} (so {@link #value(SplittableRandom, int, boolean)}
 * can leave timestamps out where the comparison is by exact type).
 */
final class InteropValues {
    private InteropValues() {}

    /** A value of a simple (non-compound) type, timestamps included. */
    static Object simple(SplittableRandom r) {
        return simple(r, true);
    }

    static Object simple(SplittableRandom r, boolean timestamps) {
        int kind = r.nextInt(21);
        if (kind == 16 && !timestamps) {
            kind = 9;
        }
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> UnsignedByte.valueOf(r.nextInt(256));
            case 3 -> UnsignedShort.valueOf(r.nextInt(65536));
            case 4 -> UnsignedInteger.valueOf(pick(r, 0, 1, 255, 256, 0xffff_ffffL, r.nextLong(1L << 32)));
            case 5 -> UnsignedLong.valueOf(pick(r, 0, 1, 255, 256, -1, r.nextLong()));
            case 6 -> (byte) r.nextInt();
            case 7 -> (short) r.nextInt();
            case 8 -> (int) pick(r, 0, -128, 127, 128, Integer.MIN_VALUE, r.nextInt());
            case 9 -> pick(r, 0, -128, 127, Long.MIN_VALUE, Long.MAX_VALUE, r.nextLong());
            // protonj2 writes every NaN as the canonical one, so only that one is generated.
            case 10 -> canonical(Float.intBitsToFloat(r.nextInt()));
            case 11 -> canonical(Double.longBitsToDouble(r.nextLong()));
            case 12 -> new Decimal32(r.nextInt());
            case 13 -> new Decimal64(r.nextLong());
            case 14 -> new Decimal128(r.nextLong(), r.nextLong());
            case 15 -> new Char(r.nextInt(0xd800));
            case 16 -> new Timestamp(r.nextLong(-(1L << 45), 1L << 45));
            case 17 -> new UUID(r.nextLong(), r.nextLong());
            case 18 -> {
                byte[] b = new byte[r.nextBoolean() ? r.nextInt(10) : r.nextInt(400)];
                r.nextBytes(b);
                yield new Binary(b);
            }
            case 19 -> string(r);
            default -> Symbol.valueOf("sym-" + r.nextInt(1000));
        };
    }

    static Object value(SplittableRandom r, int depth) {
        return value(r, depth, true);
    }

    static Object value(SplittableRandom r, int depth, boolean timestamps) {
        if (depth <= 0) {
            return simple(r, timestamps);
        }
        return switch (r.nextInt(8)) {
            case 0 -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    Object element = value(r, depth - 1, timestamps);
                    list.add(element == null ? "null" : element);
                }
                yield list;
            }
            case 1 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(simple(r, timestamps), value(r, depth - 1, timestamps));
                }
                yield map;
            }
            case 2 -> new UnknownDescribedType(Symbol.valueOf("test:described"), value(r, depth - 1, timestamps));
            case 3 -> Symbol.array("a", "b" + r.nextInt(10));
            case 4 -> new int[] {r.nextInt(), r.nextInt(100)};
            default -> simple(r, timestamps);
        };
    }

    private static float canonical(float f) {
        return Float.isNaN(f) ? Float.NaN : f;
    }

    private static double canonical(double d) {
        return Double.isNaN(d) ? Double.NaN : d;
    }

    static String string(SplittableRandom r) {
        int n = r.nextBoolean() ? r.nextInt(12) : r.nextInt(300);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 0x20 + r.nextInt(0x5f);
                case 1 -> 0xa0 + r.nextInt(0x700);
                case 2 -> 0x4e00 + r.nextInt(0x5000);
                default -> 0x1f300 + r.nextInt(0x300);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static long pick(SplittableRandom r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
