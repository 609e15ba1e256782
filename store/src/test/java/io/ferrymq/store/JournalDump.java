package io.ferrymq.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Debugging aid: prints every record of a data directory in journal order, without opening a store. */
public final class JournalDump {
    private JournalDump() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(SegmentHeader.SIZE);
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
                    ch.read(b, 0);
                }
                segments.add(Segment.open(p, SegmentHeader.decode(b.flip()), Files.size(p)));
            }
        }
        segments.sort(Comparator.comparingLong(Segment::firstKey));
        RecordCodec codec = new RecordCodec(Integer.MAX_VALUE - 100);
        for (Segment s : segments) {
            System.out.println("== " + s + " " + s.header);
            SegmentScanner.Result r = new SegmentScanner(s, s.fileSize, codec, 1 << 20)
                    .scan(
                            SegmentHeader.SIZE,
                            (rec, pos, size, w, off) -> System.out.println(pos + " " + rec
                                    + (rec.queueCount > 0
                                            ? " queues " + java.util.Arrays.toString(rec.queues())
                                            : "")));
            System.out.println("   end " + r.dataEnd() + " damaged " + r.damaged() + " trailing " + r.trailing());
            s.closeQuietly();
        }
    }
}
