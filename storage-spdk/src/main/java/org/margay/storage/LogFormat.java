package org.margay.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The on-device format of a storage queue: an append-only log of records, each holding one element, designed so
 * that a process killed mid-write never leaves a record that reads back torn, and never loses one that was
 * acknowledged.
 *
 * <h2>Superblocks (blocks 0 and 1)</h2>
 * <pre>
 *   0   8  magic "MGLOGSB1"
 *   8   4  version (1)
 *   12  4  block size
 *   16  8  epoch: random, chosen when the log is created
 *   24  8  session: incremented (and written) every time the log is opened for appending
 *   32  8  counter: incremented at every superblock write; the valid copy with the highest counter wins
 *   40  4  CRC32C of bytes 0..40
 * </pre>
 * Each write goes to the copy the newest one is not in ({@code counter % 2}), so a torn superblock write leaves the
 * other copy intact.
 *
 * <h2>Records (from block 2)</h2>
 * <pre>
 *   0   4  magic "MGRL" (0x4D47524C)
 *   4   4  payload length N (1 ≤ N)
 *   8   8  sequence number: the element's index in the log
 *   16  4  epoch (low 32 bits)
 *   20  4  session (low 32 bits)
 *   24  4  CRC32C of bytes 0..24 and of the payload
 *   28  4  reserved (0)
 *   32  N  payload, then zero padding to the next multiple of 8
 * </pre>
 * Records are written in batches; a batch starts on a block boundary and is padded with zeros to the next one, so a
 * write never rewrites a block holding an acknowledged record. All integers are big-endian.
 *
 * <h2>Reading back (recovery)</h2>
 * From block 2, a record is accepted only if its magic, epoch, sequence number (the next expected), length and
 * checksum are right and its session is between the previous record's and the superblock's. Zero bytes where a
 * record could start inside a block are padding (skip to the next block). When what follows the last valid record
 * inside its block is not a valid record, the scan looks once more at the next block boundary (a crash may have cut
 * a batch short there, and appends after recovery start at the next block); anything else ends the log. Records that
 * a crash left half-written fail their checksum; records from an earlier incarnation of the device fail the epoch;
 * stale records from before a crash that lie beyond records appended after it fail the session order. Appends after
 * recovery start at the first block boundary after the last valid record, so no block holding one is rewritten.
 */
final class LogFormat {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static final long SUPER_MAGIC = 0x4D474C4F47534231L;   // "MGLOGSB1"
    static final int VERSION = 1;
    static final int SUPER_BYTES = 44;
    static final int SUPER_CRC_AT = 40;
    static final int SUPERBLOCKS = 2;

    static final int RECORD_MAGIC = 0x4D47524C;            // "MGRL"
    static final int HEADER_BYTES = 32;
    static final int HEADER_CRC_AT = 24;
    static final int RECORD_ALIGN = 8;

    private LogFormat() {
    }

    /** The bytes a record of {@code payload} bytes takes, padding included. */
    static long recordBytes(long payload) {
        return (HEADER_BYTES + payload + RECORD_ALIGN - 1) & -RECORD_ALIGN;
    }

    static long alignUp(long value, int block) {
        return (value + block - 1) / block * block;
    }

    static long alignDown(long value, int block) {
        return value / block * block;
    }

    /** The device offset where records start. */
    static long firstRecord(int blockSize) {
        return (long) SUPERBLOCKS * blockSize;
    }

    /** Writes a record header (with a zero CRC, filled later) at {@code at}. */
    static void writeHeader(MemorySegment s, long at, int length, long sequence, long epoch, long session) {
        s.set(INT, at, RECORD_MAGIC);
        s.set(INT, at + 4, length);
        s.set(LONG, at + 8, sequence);
        s.set(INT, at + 16, (int) epoch);
        s.set(INT, at + 20, (int) session);
        s.set(INT, at + HEADER_CRC_AT, 0);
        s.set(INT, at + 28, 0);
    }

    /** A parsed superblock. */
    record Superblock(int blockSize, long epoch, long session, long counter) {
    }

    /** Writes {@code sb} at {@code at} ({@link #SUPER_BYTES} bytes) with its checksum. */
    static void writeSuperblock(MemorySegment s, long at, Superblock sb, Crc crc) {
        s.set(LONG, at, SUPER_MAGIC);
        s.set(INT, at + 8, VERSION);
        s.set(INT, at + 12, sb.blockSize());
        s.set(LONG, at + 16, sb.epoch());
        s.set(LONG, at + 24, sb.session());
        s.set(LONG, at + 32, sb.counter());
        s.set(INT, at + SUPER_CRC_AT, crc.of(s, at, SUPER_CRC_AT));
    }

    /** The superblock at {@code at}, or null when it is not a valid one of this block size. */
    static Superblock readSuperblock(MemorySegment s, long at, int blockSize, Crc crc) {
        if (s.get(LONG, at) != SUPER_MAGIC || s.get(INT, at + 8) != VERSION || s.get(INT, at + 12) != blockSize) {
            return null;
        }
        if (s.get(INT, at + SUPER_CRC_AT) != crc.of(s, at, SUPER_CRC_AT)) {
            return null;
        }
        return new Superblock(blockSize, s.get(LONG, at + 16), s.get(LONG, at + 24), s.get(LONG, at + 32));
    }
}
