package io.ferrymq.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactMapTest {

    @Test
    void behavesAsALinkedHashMapUnderRandomOperationsSmallAndLarge() {
        Random random = new Random(20261127);
        for (int round = 0; round < 300; round++) {
            Map<String, Integer> model = new LinkedHashMap<>();
            Map<String, Integer> map = new CompactMap<>(random.nextInt(4));
            // Keys from a range around the array's limit, so maps cross it both ways; null too.
            int keys = 2 + random.nextInt(2 * CompactMap.MAX_SMALL);
            for (int op = 0; op < 200; op++) {
                String key = random.nextInt(keys + 1) == keys ? null : "k" + random.nextInt(keys);
                Integer value = random.nextInt(5) == 0 ? null : random.nextInt(1000);
                switch (random.nextInt(8)) {
                    case 0, 1, 2 -> assertEquals(model.put(key, value), map.put(key, value));
                    case 3 -> assertEquals(model.remove(key), map.remove(key));
                    case 4 -> assertEquals(model.containsValue(value), map.containsValue(value));
                    case 5 -> removeThroughIterator(model, map, random.nextInt(Math.max(model.size(), 1)));
                    case 6 -> setThroughEntries(model, map, value);
                    default -> {
                        if (random.nextInt(20) == 0) {
                            model.clear();
                            map.clear();
                        }
                    }
                }
                assertEquals(model.get(key), map.get(key));
                assertEquals(model.containsKey(key), map.containsKey(key));
                assertEquals(model.size(), map.size());
                assertEquals(new ArrayList<>(model.entrySet()), new ArrayList<>(map.entrySet()), "order");
            }
            assertEquals(model, map);
            assertEquals(map, model);
            assertEquals(model.hashCode(), map.hashCode());
            assertEquals(model.toString(), map.toString());
        }
    }

    private static void removeThroughIterator(Map<String, Integer> model, Map<String, Integer> map, int index) {
        Iterator<Map.Entry<String, Integer>> expected = model.entrySet().iterator();
        Iterator<Map.Entry<String, Integer>> actual = map.entrySet().iterator();
        for (int i = 0; i <= index && expected.hasNext(); i++) {
            assertTrue(actual.hasNext());
            assertEquals(expected.next(), actual.next());
        }
        if (!model.isEmpty()) {
            expected.remove();
            actual.remove();
            assertEquals(expected.hasNext(), actual.hasNext());
        }
    }

    private static void setThroughEntries(Map<String, Integer> model, Map<String, Integer> map, Integer value) {
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            e.setValue(value);
        }
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            e.setValue(value);
        }
    }

    @Test
    void iteratorsFailFastOnAChangeNotMadeThroughThem() {
        Map<String, Integer> map = new CompactMap<>(2);
        map.put("a", 1);
        map.put("b", 2);
        Iterator<String> keys = map.keySet().iterator();
        keys.next();
        map.put("c", 3);
        assertThrows(ConcurrentModificationException.class, keys::next);

        Iterator<String> again = map.keySet().iterator();
        again.next();
        for (int i = 0; i < CompactMap.MAX_SMALL; i++) {
            map.put("more" + i, i);
        }
        assertTrue(again.hasNext());
        assertThrows(ConcurrentModificationException.class, again::next, "moved to its large form");

        Iterator<String> fresh = map.keySet().iterator();
        assertThrows(IllegalStateException.class, fresh::remove);
        List<String> order = new ArrayList<>(map.keySet());
        assertEquals(List.of("a", "b", "c", "more0"), order.subList(0, 4), "insertion order kept when it grew");
    }

    @Test
    void theDecoderMakesOneForAFewEntriesAndALinkedHashMapForMany() {
        Map<Object, Object> few = new LinkedHashMap<>();
        Map<Object, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < CompactMap.MAX_SMALL + 1; i++) {
            many.put("key" + i, (long) i);
            if (i < 3) {
                few.put("key" + i, (long) i);
            }
        }
        Object decodedFew = roundTrip(few);
        Object decodedMany = roundTrip(many);
        assertInstanceOf(CompactMap.class, decodedFew);
        assertInstanceOf(LinkedHashMap.class, decodedMany);
        assertEquals(few, decodedFew);
        assertEquals(many, decodedMany);
        assertEquals(new ArrayList<>(few.keySet()), new ArrayList<>(((Map<?, ?>) decodedFew).keySet()));
    }

    @Test
    void aRepeatedKeyOnTheWireKeepsItsFirstPlaceAndLastValue() {
        // map8: size, count 6, then "a" -> 1, "b" -> 2, "a" -> 3 (each value a smallint).
        ByteBuf b = Unpooled.buffer();
        b.writeByte(TypeCode.MAP8);
        int sizeAt = b.writerIndex();
        b.writeByte(0).writeByte(6);
        for (Object[] kv : new Object[][] {{"a", 1}, {"b", 2}, {"a", 3}}) {
            b.writeByte(TypeCode.STR8).writeByte(1).writeByte(((String) kv[0]).charAt(0));
            b.writeByte(TypeCode.SMALLINT).writeByte((Integer) kv[1]);
        }
        b.setByte(sizeAt, b.writerIndex() - sizeAt - 1);
        Map<?, ?> decoded = (Map<?, ?>) SpecTypes.newDecoder().readObject(b);
        assertEquals(2, decoded.size());
        assertEquals(List.of("a", "b"), new ArrayList<>(decoded.keySet()));
        assertEquals(3, decoded.get("a"));
        assertFalse(b.isReadable());
        assertNull(decoded.get("c"));
    }

    private static Object roundTrip(Map<Object, Object> map) {
        ByteBuf b = Unpooled.buffer();
        Encoder.writeObject(b, map);
        return SpecTypes.newDecoder().readObject(b);
    }
}
