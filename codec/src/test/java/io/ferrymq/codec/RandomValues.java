package io.ferrymq.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/** Random AMQP values of every type, nested, for fuzzing. */
final class RandomValues {
    private RandomValues() {}

    static Stream<Object> samples(SplittableRandom r, int n) {
        return Stream.generate(() -> value(r, 3)).limit(n);
    }

    static Object value(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 0 ? 26 : 22);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> UnsignedByte.valueOf(r.nextInt(256));
            case 3 -> UnsignedShort.valueOf(r.nextInt(65536));
            case 4 -> UnsignedInteger.valueOf(pick(r, 0, 1, 255, 256, r.nextLong(1L << 32)));
            case 5 -> UnsignedLong.valueOf(pick(r, 0, 1, 255, 256, r.nextLong()));
            case 6 -> (byte) r.nextInt();
            case 7 -> (short) r.nextInt();
            case 8 -> (int) pick(r, 0, -128, 127, 128, r.nextInt());
            case 9 -> pick(r, 0, -128, 127, Long.MIN_VALUE, r.nextLong());
            case 10 -> (float) r.nextDouble();
            case 11 -> r.nextDouble();
            case 12 -> new Decimal32(r.nextInt());
            case 13 -> new Decimal64(r.nextLong());
            case 14 -> new Decimal128(r.nextLong(), r.nextLong());
            case 15 -> new Char(r.nextInt(0x10FFFF));
            case 16 -> new Timestamp(r.nextLong());
            case 17 -> new UUID(r.nextLong(), r.nextLong());
            case 18 -> {
                byte[] bytes = new byte[r.nextBoolean() ? r.nextInt(8) : r.nextInt(300)];
                r.nextBytes(bytes);
                yield new Binary(bytes);
            }
            case 19 -> string(r);
            case 20 -> Symbol.valueOf("sym-" + r.nextInt(1000));
            case 21 -> new int[] {r.nextInt(), r.nextInt(100)};
            case 22 -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    list.add(value(r, depth - 1));
                }
                yield list;
            }
            case 23 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(value(r, 0), value(r, depth - 1));
                }
                yield map;
            }
            case 24 -> new UnknownDescribedType(Symbol.valueOf("test:x"), value(r, depth - 1));
            default -> Symbol.array("a", "b" + r.nextInt(10));
        };
    }

    private static long pick(SplittableRandom r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }

    static String string(SplittableRandom r) {
        int n = r.nextBoolean() ? r.nextInt(10) : r.nextInt(400);
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
}
