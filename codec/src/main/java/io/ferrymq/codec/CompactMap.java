package io.ferrymq.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map the decoder makes for a map of a few entries, as application-properties and
 * annotations mostly are: its entries in insertion order in one array of keys and values,
 * found by a linear search. Past {@link #MAX_SMALL} entries it moves them into a
 * {@link LinkedHashMap} and delegates to it from then on, so a map that grows stays fast.
 *
 * <p>A decoded map of three entries costs a {@code LinkedHashMap}, its table and an entry
 * object per key (208 bytes), hashing every key on the way in; this costs the map and one
 * array (72 bytes). Profile (MessageBenchmark.ferryDecode): the three application-properties
 * were the largest section to decode, the map's table and entries most of it.
 *
 * <p>A full {@link Map}: mutable, null keys and values allowed, iterators that fail fast on a
 * change not made through them, and {@code equals}/{@code hashCode} as every map computes them.
 */
final class CompactMap<K, V> extends AbstractMap<K, V> {
    /** The most entries kept in the array; one more moves them to a {@link LinkedHashMap}. */
    static final int MAX_SMALL = 8;

    private static final Object[] NO_SLOTS = new Object[0];

    /** Key at {@code 2i}, value at {@code 2i + 1}, for i below {@link #size}; null once large. */
    private Object[] slots;

    private int size;
    private LinkedHashMap<K, V> large;
    private int modCount;
    private Set<Map.Entry<K, V>> entries;

    /** A map with room for {@code expected} entries before its array grows. */
    CompactMap(int expected) {
        int n = Math.min(Math.max(expected, 0), MAX_SMALL);
        slots = n == 0 ? NO_SLOTS : new Object[2 * n];
    }

    private int indexOf(Object key) {
        Object[] s = slots;
        int end = 2 * size;
        if (key == null) {
            for (int i = 0; i < end; i += 2) {
                if (s[i] == null) {
                    return i;
                }
            }
        } else {
            for (int i = 0; i < end; i += 2) {
                Object k = s[i];
                if (k == key || key.equals(k)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        if (large != null) {
            return large.containsValue(value);
        }
        for (int i = 1; i < 2 * size; i += 2) {
            if (Objects.equals(value, slots[i])) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : (V) slots[i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            V old = (V) slots[i + 1];
            slots[i + 1] = value;
            return old;
        }
        modCount++;
        if (size == MAX_SMALL) {
            large = new LinkedHashMap<>(4 * MAX_SMALL);
            for (int j = 0; j < 2 * size; j += 2) {
                large.put((K) slots[j], (V) slots[j + 1]);
            }
            slots = null;
            size = 0;
            large.put(key, value);
            return null;
        }
        if (2 * size == slots.length) {
            Object[] grown = new Object[Math.min(Math.max(2 * slots.length, 4), 2 * MAX_SMALL)];
            System.arraycopy(slots, 0, grown, 0, 2 * size);
            slots = grown;
        }
        slots[2 * size] = key;
        slots[2 * size + 1] = value;
        size++;
        return null;
    }

    @Override
    public V remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : removeAt(i);
    }

    @SuppressWarnings("unchecked")
    private V removeAt(int i) {
        V old = (V) slots[i + 1];
        int end = 2 * size;
        System.arraycopy(slots, i + 2, slots, i, end - i - 2);
        slots[end - 2] = null;
        slots[end - 1] = null;
        size--;
        modCount++;
        return old;
    }

    @Override
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(slots, 0, 2 * size, null);
        size = 0;
        modCount++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        if (large != null) {
            large.forEach(action);
            return;
        }
        int expected = modCount;
        for (int i = 0; i < 2 * size; i += 2) {
            action.accept((K) slots[i], (V) slots[i + 1]);
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> set = entries;
        if (set == null) {
            set = new EntrySet();
            entries = set;
        }
        return set;
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public int size() {
            return CompactMap.this.size();
        }

        @Override
        public void clear() {
            CompactMap.this.clear();
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return large != null ? large.entrySet().iterator() : new SmallIterator();
        }
    }

    /** Walks the array; the map moving to its large form counts as a change. */
    private final class SmallIterator implements Iterator<Map.Entry<K, V>> {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            // Once the map has moved to its large form, next() reports the change.
            return large != null || next < 2 * size;
        }

        @Override
        public Map.Entry<K, V> next() {
            checkUnchanged();
            if (next >= 2 * size) {
                throw new NoSuchElementException();
            }
            last = next;
            next += 2;
            return new SmallEntry(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() has not been called since the last remove()");
            }
            checkUnchanged();
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
        }

        private void checkUnchanged() {
            if (modCount != expected || large != null) {
                throw new ConcurrentModificationException();
            }
        }
    }

    /** An entry of the array form: reads and writes through to its slot. */
    private final class SmallEntry implements Map.Entry<K, V> {
        private final int at;

        SmallEntry(int at) {
            this.at = at;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getKey() {
            return (K) slots[at];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V getValue() {
            return (V) slots[at + 1];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V setValue(V value) {
            V old = (V) slots[at + 1];
            slots[at + 1] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e
                    && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
