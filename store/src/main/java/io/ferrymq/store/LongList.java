package io.ferrymq.store;

import java.util.Arrays;

/** A growable list of primitive longs. */
final class LongList {
    private long[] values;
    private int size;

    LongList() {
        this(8);
    }

    LongList(int capacity) {
        values = new long[Math.max(capacity, 1)];
    }

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    long get(int i) {
        return values[i];
    }

    void set(int i, long v) {
        values[i] = v;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
