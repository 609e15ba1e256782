package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * Ids handed out in order, most removed in order by consumers, a few left behind, some never stored (ids taken
     * by messages that were not durable): the index agrees with a map throughout, and chunks never hold much more
     * room than four times the entries.
     */
    @Test
    void agreesWithAHashMapForIdsInOrderWithStragglersAndGaps() {
        MessageIndex index = new MessageIndex();
        Map<Long, long[]> model = new HashMap<>();
        java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
        Random rnd = new Random(7);
        long next = 1;
        for (int i = 0; i < 400_000; i++) {
            int phase = (i / 50_000) % 4; // dense, sparse, dense, consumers catching up
            if (phase != 3 || rnd.nextInt(4) == 0) {
                long id = next;
                next += phase == 1 ? 1 + rnd.nextInt(20) : 1;
                long loc = Locations.of(1 + (int) (id % 7), (int) id);
                assertThat(index.put(id, loc, 100, 1)).isTrue();
                assertThat(index.put(id, loc, 100, 1))
                        .as("a second add of %d", id)
                        .isFalse();
                model.put(id, new long[] {loc, 100, 1});
                queue.add(id);
            }
            while (queue.size() > (phase == 3 ? 10 : 60_000)) {
                long id = queue.poll();
                if (rnd.nextInt(500) == 0) {
                    index.setRefs(id, 2); // a straggler: left on a queue nobody reads
                    model.get(id)[2] = 2;
                } else {
                    assertThat(index.remove(id)).isTrue();
                    model.remove(id);
                }
            }
            if (i % 10_000 == 0) {
                assertThat(index.size()).isEqualTo(model.size());
            }
        }
        // A chunk's worth of new ids makes a chunk, and sparse chunks leave for the hashed part then.
        for (int k = 0; k < MessageIndex.CHUNK; k++, next++) {
            index.put(next, 1, 1, 1);
            model.put(next, new long[] {1, 1, 1});
        }
        assertThat((long) index.chunks() * MessageIndex.CHUNK)
                .as("room held by chunks")
                .isLessThanOrEqualTo(4L * model.size() + 3L * MessageIndex.CHUNK);
        for (Map.Entry<Long, long[]> e : model.entrySet()) {
            long id = e.getKey();
            assertThat(index.contains(id)).isTrue();
            assertThat(index.location(id)).isEqualTo(e.getValue()[0]);
            assertThat(index.frameSize(id)).isEqualTo((int) e.getValue()[1]);
            assertThat(index.refs(id)).as("refs of %d", id).isEqualTo((int) e.getValue()[2]);
        }
        for (long id = 1; id < next; id += 97) {
            assertThat(index.contains(id)).isEqualTo(model.containsKey(id));
        }
        int[] visited = {0};
        index.forEach((id, loc, size, refs) -> {
            assertThat(model).containsKey(id);
            visited[0]++;
        });
        assertThat(visited[0]).isEqualTo(model.size());
    }

    @Test
    void askingForTheFieldsOfAnAbsentIdIsAnError() {
        MessageIndex index = new MessageIndex();
        index.put(5, 1, 1, 1);
        index.put(1_000_000, 1, 1, 1);
        assertThatThrownBy(() -> index.refs(6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("6");
        assertThatThrownBy(() -> index.frameSize(7)).isInstanceOf(IllegalStateException.class);
        assertThat(index.location(6)).isEqualTo(Locations.NONE);
        assertThatThrownBy(() -> index.refs(500_000))
                .as("below the newest chunk: the hashed part")
                .isInstanceOf(IllegalStateException.class);
    }
}
