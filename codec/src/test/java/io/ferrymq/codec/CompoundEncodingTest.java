package io.ferrymq.codec;

import static io.ferrymq.codec.Bytes.decode;
import static io.ferrymq.codec.Bytes.encodeHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lists, maps and arrays in their 0, 8 and 32 bit forms. */
class CompoundEncodingTest {

    @Test
    void emptyListIsList0() {
        assertThat(encodeHex(List.of())).isEqualTo("45");
        assertThat(decode("45")).isEqualTo(List.of());
        assertThat(decode("c0 01 00")).isEqualTo(List.of());
        assertThat(decode("d0 00 00 00 04 00 00 00 00")).isEqualTo(List.of());
    }

    @Test
    void shortListIsList8() {
        assertThat(encodeHex(List.of(32, "foo", true))).isEqualTo("c0 09 03 54 20 a1 03 66 6f 6f 41".replace(" ", ""));
    }

    @Test
    void longListIsList32() {
        List<Object> list = new ArrayList<>(Collections.nCopies(300, null));
        String hex = encodeHex(list);
        assertThat(hex).startsWith("d0" + "00000130" + "0000012c");
        assertThat(decode(hex)).isEqualTo(list);
    }

    @Test
    void listWhoseBytesJustFitStaysList8() {
        // size byte counts the count byte and the items: 254 bytes of items is the most.
        List<Object> list = List.of(new Binary(new byte[252]));
        assertThat(encodeHex(list)).startsWith("c0ff01a0fc");
        List<Object> bigger = List.of(new Binary(new byte[253]));
        assertThat(encodeHex(bigger)).startsWith("d0000001030000000" + "1a0fd");
    }

    @Test
    void mapsKeepTheirOrder() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("three", 3);
        map.put("two", 2);
        map.put("one", 1);
        String hex = encodeHex(map);
        assertThat(hex)
                .isEqualTo("c1 18 06 a1 05 7468726565 54 03 a1 03 74776f 54 02 a1 03 6f6e65 54 01".replace(" ", ""));
        @SuppressWarnings("unchecked")
        Map<Object, Object> back = (Map<Object, Object>) decode(hex);
        assertThat(new ArrayList<>(back.keySet())).containsExactly("three", "two", "one");
    }

    @Test
    void emptyMapIsMap8() {
        assertThat(encodeHex(Map.of())).isEqualTo("c10100");
        assertThat(decode("d1 00 00 00 04 00 00 00 00")).isEqualTo(Map.of());
    }

    @Test
    void largeMapIsMap32() {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            map.put(i, "v" + i);
        }
        String hex = encodeHex(map);
        assertThat(hex).startsWith("d1");
        assertThat(decode(hex)).isEqualTo(map);
    }

    @Test
    void arraysOfFixedWidthTypes() {
        assertThat(encodeHex(new int[] {1, 2, 3})).isEqualTo("e0 05 03 54 01 02 03".replace(" ", ""));
        assertThat(encodeHex(new int[] {1, 1000})).isEqualTo("e0 0a 02 71 00000001 000003e8".replace(" ", ""));
        assertThat(encodeHex(new long[] {-1})).isEqualTo("e0 03 01 55 ff".replace(" ", ""));
        assertThat(encodeHex(new boolean[] {true, false})).isEqualTo("e0 04 02 56 01 00".replace(" ", ""));
        assertThat(encodeHex(new byte[] {7})).isEqualTo("e0 03 01 51 07".replace(" ", ""));
        assertThat(encodeHex(new short[] {7})).isEqualTo("e0 04 01 61 0007".replace(" ", ""));
        assertThat(encodeHex(new double[] {0.125})).isEqualTo("e0 0a 01 82 3fc0000000000000".replace(" ", ""));
        assertThat(encodeHex(new float[] {0.125f})).isEqualTo("e0 06 01 72 3e000000".replace(" ", ""));
        assertThat(encodeHex(new int[0])).isEqualTo("e0 02 00 54".replace(" ", ""));
        assertThat((int[]) decode("e0 05 03 54 01 02 03")).containsExactly(1, 2, 3);
        assertThat((boolean[]) decode("e0 02 02 41")).containsExactly(true, true);
    }

    @Test
    void arraysOfUnsignedPickTheSmallestCommonForm() {
        UnsignedInteger[] small = {UnsignedInteger.ZERO, UnsignedInteger.valueOf(200)};
        assertThat(encodeHex(small)).isEqualTo("e0 04 02 52 00 c8".replace(" ", ""));
        UnsignedInteger[] mixed = {UnsignedInteger.ZERO, UnsignedInteger.valueOf(1), UnsignedInteger.valueOf(70000)};
        assertThat(encodeHex(mixed)).isEqualTo("e0 0e 03 70 00000000 00000001 00011170".replace(" ", ""));
        assertThat((UnsignedInteger[]) decode("e0 0e 03 70 00000000 00000001 00011170"))
                .containsExactly(mixed);
        UnsignedLong[] ulongs = {UnsignedLong.valueOf(5)};
        assertThat(encodeHex(ulongs)).isEqualTo("e0 03 01 53 05".replace(" ", ""));
    }

    @Test
    void arraysOfSymbolsAndStrings() {
        Symbol[] symbols = Symbol.array("a", "bc");
        assertThat(encodeHex(symbols)).isEqualTo("e0 07 02 a3 01 61 02 62 63".replace(" ", ""));
        assertThat((Symbol[]) decode("e0 07 02 a3 01 61 02 62 63")).containsExactly(symbols);
        String[] strings = {"a", "x".repeat(300)};
        String hex = encodeHex(strings);
        // size: 4 (count) + 1 (constructor) + (4 + 1) + (4 + 300) = 314; str32 for every element.
        assertThat(hex).startsWith("f0" + "0000013a" + "00000002" + "b1" + "00000001" + "61");
        assertThat((String[]) decode(hex)).containsExactly(strings);
    }

    @Test
    void arrayOfListsWidensShortOnesToTheLongestForm() {
        List<?>[] lists = {List.of(), List.of(1), new ArrayList<>(Collections.nCopies(300, 1))};
        String hex = encodeHex(lists);
        assertThat(hex).startsWith("f0");
        assertThat(hex.substring(2 + 8 + 8, 2 + 8 + 8 + 2)).isEqualTo("d0");
        Object[] back = (Object[]) decode(hex);
        assertThat(back).containsExactly(lists[0], lists[1], lists[2]);
    }

    @Test
    void arrayOfArrays() {
        Object[] nested = {new int[] {1, 2}, new int[] {300}, Symbol.array("x")};
        String hex = encodeHex(nested);
        assertThat(hex).startsWith("e0");
        Object[] back = (Object[]) decode(hex);
        assertThat(back).hasSize(3);
        assertThat((int[]) back[0]).containsExactly(1, 2);
        assertThat((int[]) back[1]).containsExactly(300);
        assertThat((Symbol[]) back[2]).containsExactly(Symbol.valueOf("x"));
    }

    @Test
    void arrayOfDescribedValuesSharesTheDescriptor() {
        Object[] described = {
            new UnknownDescribedType(Symbol.valueOf("int-array"), 1),
            new UnknownDescribedType(Symbol.valueOf("int-array"), 1000)
        };
        String hex = encodeHex(described);
        assertThat(hex).isEqualTo("e0 16 02 00 a3 09 696e742d6172726179 71 00000001 000003e8".replace(" ", ""));
        assertThat((Object[]) decode(hex)).containsExactly(described);
    }

    @Test
    void arrayOfNulls() {
        assertThat(encodeHex(new Object[] {null, null})).isEqualTo("e00202" + "40");
        assertThat((Object[]) decode("e0 02 02 40")).containsExactly(null, null);
    }

    @Test
    void emptyTypedArraysKeepTheirElementType() {
        assertThat((Symbol[]) decode(encodeHex(new Symbol[0]))).isEmpty();
        assertThat(decode(encodeHex(new UnsignedInteger[0]))).isInstanceOf(UnsignedInteger[].class);
        assertThat(decode(encodeHex(new String[0]))).isInstanceOf(String[].class);
    }

    @Test
    void nestedStructuresRoundTrip() {
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put(Symbol.valueOf("k"), Arrays.asList(UnsignedByte.valueOf(1), null, new Timestamp(5)));
        List<Object> outer = List.of(inner, List.of(List.of(List.of("deep"))));
        assertThat(decode(encodeHex(outer))).isEqualTo(outer);
    }
}
