package io.ferrymq.store;

import java.nio.file.Path;

/**
 * Bytes of the journal that hold no valid record, found by recovery or compaction.
 *
 * @param segment  the segment file
 * @param position byte offset of the first unreadable byte in that file
 * @param length   number of unreadable bytes
 * @param reason   why the first record there was rejected (for example "CRC32C mismatch")
 * @param tornTail true when the bytes lie after the last valid record of the journal: a write torn by a crash,
 *                 which recovery truncates; false when valid records follow, so records may have been lost
 */
public record JournalDamage(Path segment, long position, long length, String reason, boolean tornTail) {
    @Override
    public String toString() {
        return (tornTail ? "torn tail" : "damaged records") + " in " + segment + " at offset " + position + " ("
                + length + " bytes): " + reason;
    }
}
