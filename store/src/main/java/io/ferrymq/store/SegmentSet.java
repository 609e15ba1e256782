package io.ferrymq.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The journal's segments in ordering-key order, also found by file id. Journal order is the order of segments by
 * first key, then file order within a segment; compaction keeps it by giving its output the key range of the run it
 * replaces. Guarded by the {@link LiveState} lock.
 */
final class SegmentSet {
    private final TreeMap<Long, Segment> byKey = new TreeMap<>();
    private final Map<Integer, Segment> byFileId = new HashMap<>();
    /** The segment found last: nearly every lookup (the writer applying a batch) is for the active segment. */
    private Segment last;

    void add(Segment s) {
        byKey.put(s.firstKey(), s);
        byFileId.put(s.fileId(), s);
    }

    void remove(Segment s) {
        byKey.remove(s.firstKey(), s);
        byFileId.remove(s.fileId(), s);
        if (last == s) {
            last = null;
        }
    }

    Segment byFileId(int fileId) {
        Segment s = last;
        if (s != null && s.fileId() == fileId) {
            return s;
        }
        s = byFileId.get(fileId);
        if (s != null) {
            last = s;
        }
        return s;
    }

    /** A snapshot in journal order. */
    List<Segment> ordered() {
        return new ArrayList<>(byKey.values());
    }

    int size() {
        return byKey.size();
    }

    long diskBytes() {
        long total = 0;
        for (Segment s : byKey.values()) {
            total += s.fileSize;
        }
        return total;
    }

    long liveBytes() {
        long total = 0;
        for (Segment s : byKey.values()) {
            total += s.liveBytes;
        }
        return total;
    }
}
