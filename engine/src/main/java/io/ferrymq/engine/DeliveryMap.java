package io.ferrymq.engine;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Unsettled deliveries by delivery-id: an open-addressing hash map from a uint id to a
 * {@link Delivery}, with no boxing per entry. Sized by its content, not by any id a peer names.
 */
final class DeliveryMap {
    private long[] keys = new long[16];
    private Delivery[] values = new Delivery[16];
    private int size;

    int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (keys.length - 1);
    }

    Delivery get(long id) {
        int i = slot(id);
        while (values[i] != null) {
            if (keys[i] == id) {
                return values[i];
            }
            i = (i + 1) & (keys.length - 1);
        }
        return null;
    }

    void put(long id, Delivery d) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int i = slot(id);
        while (values[i] != null) {
            if (keys[i] == id) {
                values[i] = d;
                return;
            }
            i = (i + 1) & (keys.length - 1);
        }
        keys[i] = id;
        values[i] = d;
        size++;
    }

    Delivery remove(long id) {
        int i = slot(id);
        while (values[i] != null) {
            if (keys[i] == id) {
                Delivery d = values[i];
                values[i] = null;
                size--;
                // Re-insert the rest of the run so lookups do not stop at the hole.
                int j = (i + 1) & (keys.length - 1);
                while (values[j] != null) {
                    long k = keys[j];
                    Delivery v = values[j];
                    values[j] = null;
                    size--;
                    put(k, v);
                    j = (j + 1) & (keys.length - 1);
                }
                return d;
            }
            i = (i + 1) & (keys.length - 1);
        }
        return null;
    }

    void forEach(Consumer<Delivery> action) {
        for (Delivery d : values.clone()) {
            if (d != null) {
                action.accept(d);
            }
        }
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Delivery[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Delivery[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
