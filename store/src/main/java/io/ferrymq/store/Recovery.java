package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds {@link LiveState} from the segment files at open (docs/store.md, "Recovery"):
 * <ol>
 *   <li>delete {@code .seg.tmp} files (unfinished allocations or compactions), keep {@code .seg.free} files
 *       (segments compaction emptied) for reuse without reading them, and set aside files whose header is
 *       unreadable;</li>
 *   <li>delete files superseded by a compaction output that was renamed into place before the crash;</li>
 *   <li>scan every segment in journal order, check every record's CRC and apply it;</li>
 *   <li>bytes after the journal's last valid record are a torn tail: overwrite them with zeros and log what was
 *       dropped; unreadable bytes followed by valid records are damage: report each with its file and offset, keep
 *       everything readable around it.</li>
 * </ol>
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery hands to the store. */
    record Result(
            RecoveredState recovered,
            Segment active,
            int maxFileId,
            List<Long> abandonedTransactions,
            List<Path> freeFiles) {}

    private final Path dir;
    private final StoreOptions options;
    private final LiveState state;
    private final RecoveringQueues queues = new RecoveringQueues();
    private final List<JournalDamage> damage = new ArrayList<>();
    private final List<Path> freeFiles = new ArrayList<>();
    /** Ids of the segment files found (by name), readable or not, before recovery deleted any. */
    private final Set<Integer> foundIds = new HashSet<>();
    /** Ids of segment files whose header could not be read (moved aside). */
    private final Set<Integer> unreadableIds = new HashSet<>();

    private long highestMessageId;
    private long recordCount;
    private int maxFileId;

    Recovery(Path dir, StoreOptions options, LiveState state) {
        this.dir = dir;
        this.options = options;
        this.state = state;
    }

    Result run(DiskBudget budget) throws IOException {
        long started = System.nanoTime();
        Manifest.Contents manifest = readManifest();
        List<Segment> segments = openSegments();
        checkListedSegments(manifest == null ? null : manifest.ids());
        if (manifest != null) {
            highestMessageId = Math.max(highestMessageId, manifest.messageIdFloor());
        }
        RecordCodec codec = new RecordCodec(options.maxRecordPayload());
        List<SegmentScanner.Result> results = new ArrayList<>();
        int lastWithData = -1;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            state.segments.add(s);
            budget.add(s.fileSize);
            SegmentScanner scanner = new SegmentScanner(s, s.fileSize, codec, 1 << 20);
            SegmentScanner.Result r = scanner.scan(SegmentHeader.SIZE, (rec, pos, size, window, offset) -> {
                rec.location = Locations.of(s.fileId(), pos);
                rec.size = size;
                apply(rec);
            });
            results.add(r);
            s.dataEnd = r.dataEnd();
            if (r.dataEnd() > SegmentHeader.SIZE) {
                lastWithData = i;
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            classifyDamage(segments.get(i), results.get(i), i >= lastWithData);
        }
        List<Segment> empty = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentScanner.Result r = results.get(i);
            if (r.dataEnd() == SegmentHeader.SIZE
                    && r.damaged().isEmpty()
                    && (r.trailing() == null || segments.get(i).header.recycled())) {
                empty.add(segments.get(i));
            }
        }
        boolean lastEnded =
                !results.isEmpty() && results.get(results.size() - 1).ended();
        Segment active = chooseActive(segments, empty, lastEnded, budget);
        List<Long> abandoned = new ArrayList<>();
        List<PreparedTransaction> prepared = new ArrayList<>();
        for (LiveState.Tx tx : state.txs.values()) {
            if (tx.status == LiveState.OPEN) {
                abandoned.add(tx.id);
            } else if (tx.status == LiveState.PREPARED) {
                prepared.add(new PreparedTransaction(
                        tx.id,
                        tx.data,
                        tx.adds.toArray(),
                        List.copyOf(tx.addQueues),
                        tx.removeQueues.toArray(),
                        tx.removeMessages.toArray()));
            }
        }
        List<RecoveredQueue> recoveredQueues = new ArrayList<>();
        for (LiveState.Entity q : state.queues.values()) {
            if (q.alive) {
                recoveredQueues.add(queues.toRecovered(q));
            }
        }
        List<RecoveredSubscription> subs = new ArrayList<>();
        for (LiveState.Entity s : state.subscriptions.values()) {
            if (s.alive) {
                subs.add(new RecoveredSubscription(s.id, s.settings));
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        LOG.info(
                "recovered {}: {} segments, {} records, {} queues, {} subscriptions, {} prepared transactions, "
                        + "{} damaged spans, in {} ms",
                dir,
                segments.size(),
                recordCount,
                recoveredQueues.size(),
                subs.size(),
                prepared.size(),
                damage.size(),
                ms);
        RecoveredState recovered = new RecoveredState(
                List.copyOf(recoveredQueues),
                List.copyOf(subs),
                List.copyOf(prepared),
                List.copyOf(damage),
                highestMessageId);
        return new Result(recovered, active, maxFileId, abandoned, keepFree(budget));
    }

    /**
     * Free files (segments compaction emptied, renamed {@code .seg.free}; never read) of the segment size are kept
     * for the allocator to reuse, up to {@link SegmentAllocator#MAX_FREE}, and counted as disk in use; others are
     * deleted.
     */
    private List<Path> keepFree(DiskBudget budget) throws IOException {
        List<Path> kept = new ArrayList<>();
        for (Path p : freeFiles) {
            if (kept.size() < SegmentAllocator.MAX_FREE && Files.size(p) == options.segmentSize()) {
                kept.add(p);
                budget.add(options.segmentSize());
            } else {
                LOG.debug("deleting free segment file {}", p);
                Files.delete(p);
            }
        }
        return kept;
    }

    private void apply(Record rec) {
        recordCount++;
        if (rec.type == RecordType.ADD_MESSAGE || rec.type == RecordType.TX_ADD_MESSAGE) {
            highestMessageId = Math.max(highestMessageId, rec.messageId);
        }
        RuntimeException refused = state.apply(rec, queues);
        if (refused != null) {
            LOG.warn("ignored {} at {}: {}", rec, Locations.describe(rec.location), refused.getMessage());
        }
    }

    /** Opens every segment file, dropping temporary, unreadable and superseded ones; returns them in journal order. */
    private List<Segment> openSegments() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                files.add(p);
            }
        }
        List<SegmentHeader> headers = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(SegmentFiles.TMP_SUFFIX)) {
                LOG.info("deleting unfinished file {}", p);
                Files.delete(p);
            } else if (name.endsWith(SegmentAllocator.FREE_SUFFIX)) {
                freeFiles.add(p);
            } else if (name.endsWith(SegmentFiles.SUFFIX)) {
                Integer id = idOf(name);
                if (id != null) {
                    foundIds.add(id);
                }
                SegmentHeader h = readHeader(p, id);
                if (h != null) {
                    headers.add(h);
                    paths.add(p);
                    maxFileId = Math.max(maxFileId, h.fileId());
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        boolean deleted = false;
        for (int i = 0; i < headers.size(); i++) {
            SegmentHeader h = headers.get(i);
            SegmentHeader by = null;
            for (SegmentHeader other : headers) {
                if (other.supersedes(h)) {
                    by = other;
                }
            }
            if (by != null) {
                LOG.info("deleting {}: replaced by compaction output {}", paths.get(i), by.fileId());
                Files.delete(paths.get(i));
                deleted = true;
            } else {
                segments.add(Segment.open(paths.get(i), h, Files.size(paths.get(i))));
            }
        }
        if (deleted) {
            SegmentFiles.syncDirectory(dir);
        }
        segments.sort(Comparator.comparingLong(Segment::firstKey));
        return segments;
    }

    /** The file id a segment file's name gives, or null for a name the store did not make. */
    private static Integer idOf(String name) {
        try {
            return Integer.valueOf(name.substring(0, name.length() - SegmentFiles.SUFFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The ids the journal's manifest lists, or null when there is none or it cannot be read (said in the log). */
    private Manifest.Contents readManifest() throws IOException {
        try {
            return Manifest.read(dir);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "the journal manifest {} cannot be read ({}): missing segments cannot be told this time; it is "
                            + "written again",
                    dir.resolve(Manifest.FILE),
                    e.getMessage());
            return null;
        }
    }

    /**
     * Finds the segments the manifest lists that are not on disk, or whose header is unreadable: their records are
     * lost, and unlike a damaged span nothing around them says what they held. Recovery refuses to go on unless told
     * to accept the loss ({@link StoreOptions#acceptJournalDamage()}); told, it reports each and goes on.
     */
    private void checkListedSegments(int[] listed) throws IOException {
        if (listed == null) {
            return;
        }
        List<String> lost = new ArrayList<>();
        for (int id : listed) {
            Path p = SegmentFiles.path(dir, id);
            if (!foundIds.contains(id)) {
                lost.add(p.getFileName() + " (missing)");
                damage.add(new JournalDamage(
                        p,
                        0,
                        0,
                        "segment file missing: the journal manifest lists it; every "
                                + "record in it is lost (messages, acknowledgements, queue and subscription records)",
                        false));
            } else if (unreadableIds.contains(id)) {
                lost.add(p.getFileName() + " (unreadable header, moved aside to " + p.getFileName() + ".damaged)");
            }
        }
        if (lost.isEmpty()) {
            return;
        }
        String what = "journal " + dir + ": " + lost.size() + " segment file(s) the manifest lists cannot be read: "
                + String.join(", ", lost) + ". The messages, acknowledgements and queues recorded in them are lost";
        if (!options.acceptJournalDamage()) {
            throw new JournalDamagedException(what + ". Put the files back (from a backup), or start with "
                    + "--accept-journal-damage to go on without what they held.");
        }
        LOG.error("{}; going on without them, as --accept-journal-damage asks", what);
    }

    private SegmentHeader readHeader(Path p, Integer id) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(SegmentHeader.SIZE);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the whole header
            }
            return SegmentHeader.decode(b.flip());
        } catch (IllegalArgumentException e) {
            Path aside = p.resolveSibling(p.getFileName() + ".damaged");
            damage.add(new JournalDamage(p, 0, Files.size(p), "unreadable segment header: " + e.getMessage(), false));
            LOG.error(
                    "segment {} has an unreadable header ({}); its records are lost. Moved aside to {}",
                    p,
                    e.getMessage(),
                    aside);
            if (id != null) {
                unreadableIds.add(id);
            }
            Files.move(p, aside);
            return null;
        }
    }

    private void classifyDamage(Segment s, SegmentScanner.Result r, boolean atTail) throws IOException {
        for (SegmentScanner.Span d : r.damaged()) {
            report(new JournalDamage(s.path, d.position(), d.length(), d.reason(), false));
            s.noteNeedsScan(); // what the damage held is unknown: leave the segment to a compaction's scan
        }
        SegmentScanner.Span t = r.trailing();
        if (t == null) {
            return;
        }
        if (s.header.recycled() && !r.trailingOfThisUse()) {
            // After the last record of this use: records of the file's earlier use (their checksums are seeded with
            // its earlier id) or an unfinished write of this one. No record of this use follows (the scan looked),
            // and none ever can: the file is appended to from its data end on, and a sealed file ends in a
            // SEGMENT_END record. Nothing to report or to zero.
            LOG.debug(
                    "{}: {} bytes after the last record at offset {} are from the file's earlier use or unfinished",
                    s.path,
                    t.length(),
                    t.position());
            return;
        }
        if (!atTail) {
            report(new JournalDamage(s.path, t.position(), t.length(), t.reason(), false));
            s.noteNeedsScan();
            return;
        }
        damage.add(new JournalDamage(s.path, t.position(), t.length(), t.reason(), true));
        // Nothing tells a write the crash cut short (never acknowledged: an append completes only once its bytes are
        // whole on disk) from damage to records written whole and acknowledged before it: say both.
        LOG.warn(
                "dropping the journal's last {} bytes at offset {} of {} ({}): a write cut short by a crash (then "
                        + "never acknowledged) or damage to the last records (then lost)",
                t.length(),
                t.position(),
                s.path,
                t.reason());
        SegmentFiles.zero(s.channel, t.position(), t.position() + t.length());
        s.channel.force(false);
    }

    private void report(JournalDamage d) {
        damage.add(d);
        LOG.error("journal damage: {}; the records there are lost, records before and after it are kept", d);
    }

    /**
     * The segment to append to: the last one, unless it is a compaction output, full, or ended by the writer (it
     * rolled on before the crash, and recovery reads no record after a SEGMENT_END); else a new one.
     */
    private Segment chooseActive(List<Segment> segments, List<Segment> empty, boolean lastEnded, DiskBudget budget)
            throws IOException {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        for (Segment s : empty) {
            if (s != last || s.header.compacted()) {
                // An empty file before the last (a spare from before a crash) or an empty compaction output.
                state.segments.remove(s);
                s.closeQuietly();
                Files.delete(s.path);
                budget.release(s.fileSize);
            }
        }
        if (last != null
                && !last.header.compacted()
                && !lastEnded
                && last.fileSize - last.dataEnd > RecordCodec.HEADER_SIZE + 8 + RecordCodec.SEGMENT_END_SIZE) {
            last.sealed = false;
            return last;
        }
        return null;
    }
}
