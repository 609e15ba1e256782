package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageIndexTest {
    @Test
    void agreesWithAHashMapUnderRandomPutsAndRemoves() {
        MessageIndex index = new MessageIndex();
        Map<Long, long[]> model = new HashMap<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long id = 1 + rnd.nextInt(50_000);
            int op = rnd.nextInt(4);
            if (op < 2) {
                long loc = rnd.nextLong();
                int size = rnd.nextInt(1 << 20);
                int refs = rnd.nextInt(5) - 1;
                boolean added = index.put(id, loc, size, refs);
                assertThat(added).isEqualTo(!model.containsKey(id));
                model.putIfAbsent(id, new long[] {loc, size, refs});
            } else if (op == 2) {
                assertThat(index.remove(id)).isEqualTo(model.remove(id) != null);
            } else if (model.containsKey(id)) {
                index.setRefs(id, 7);
                index.setLocation(id, 99);
                model.get(id)[2] = 7;
                model.get(id)[0] = 99;
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (Map.Entry<Long, long[]> e : model.entrySet()) {
            long id = e.getKey();
            assertThat(index.location(id)).isEqualTo(e.getValue()[0]);
            assertThat(index.frameSize(id)).isEqualTo((int) e.getValue()[1]);
            assertThat(index.refs(id)).isEqualTo((int) e.getValue()[2]);
        }
        int[] visited = {0};
        index.forEach((id, loc, size, refs) -> {
            assertThat(model).containsKey(id);
            visited[0]++;
        });
        assertThat(visited[0]).isEqualTo(model.size());
        assertThat(index.location(1_000_000)).isEqualTo(Locations.NONE);
    }

    @Test
    void holdsAMillionEntriesInPrimitiveArrays() {
        MessageIndex index = new MessageIndex();
        for (long id = 1; id <= 1_000_000; id++) {
            index.put(id, Locations.of(1, (int) id), 1000, 1);
        }
        assertThat(index.size()).isEqualTo(1_000_000);
        for (long id = 1; id <= 1_000_000; id += 997) {
            assertThat(Locations.offset(index.location(id))).isEqualTo((int) id);
        }
    }
}
