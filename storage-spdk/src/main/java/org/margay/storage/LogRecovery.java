package org.margay.storage;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.PdpixException;

/**
 * Opens a log on a queue's device (control path): formats a new one, or finds the newest valid superblock, scans the
 * records from the start keeping only those {@link LogFormat} accepts, and starts a new session (written to the
 * other superblock copy and flushed) before the first append. Every step is a synchronous I/O through the library
 * OS's backend.
 */
final class LogRecovery {
    private static final SplittableRandom EPOCHS = new SplittableRandom();

    private LogRecovery() {
    }

    /** What opening found: elements recovered and where the scan stopped. */
    record Result(int elements, long appendOffset, long session, boolean created) {
    }

    static Result open(StorageLibOS storage, LogQueue q, OpenMode mode) {
        PacketBuffer buffer = storage.batchPool().allocate();
        if (buffer == null) {
            throw new PdpixException(Errno.ENOBUFS, "opening " + q.device().target() + ": no batch buffer free");
        }
        try {
            return open(storage, q, mode, buffer.segment(), buffer.capacity());
        } finally {
            buffer.release();
        }
    }

    private static Result open(StorageLibOS storage, LogQueue q, OpenMode mode, MemorySegment seg, int room) {
        int bs = q.device().blockSize();
        long capacity = q.device().capacity();
        if (capacity < LogFormat.firstRecord(bs) + 16L * bs) {
            throw new PdpixException(Errno.EINVAL, q.device().target() + " holds " + capacity + " bytes: too small for a log");
        }
        check(q.sync(LogQueue.READ, seg, 2 * bs, 0), q, "reading the superblocks");
        Crc crc = storage.crc();
        LogFormat.Superblock first = LogFormat.readSuperblock(seg, 0, bs, crc);
        LogFormat.Superblock second = LogFormat.readSuperblock(seg, bs, bs, crc);
        LogFormat.Superblock newest = first == null ? second : second == null ? first : first.counter() >= second.counter() ? first : second;
        if (mode == OpenMode.CREATE || mode == OpenMode.OPEN_OR_CREATE && newest == null) {
            long epoch = EPOCHS.nextLong();
            LogFormat.Superblock sb = new LogFormat.Superblock(bs, epoch, 1, newest == null ? 1 : newest.counter() + 1);
            writeSuperblock(storage, q, seg, sb);
            q.recovered(new LogIndex(), LogFormat.firstRecord(bs), epoch, 1);
            return new Result(0, LogFormat.firstRecord(bs), 1, true);
        }
        if (newest == null) {
            throw new PdpixException(Errno.EINVAL, q.device().target() + " holds no Margay log (no valid superblock of block size "
                    + bs + "): open it with OpenMode.CREATE to format it");
        }
        LogIndex index = new LogIndex();
        long end = scan(storage, q, seg, room, newest, index);
        long append = LogFormat.alignUp(end, bs);
        LogFormat.Superblock next = new LogFormat.Superblock(bs, newest.epoch(), newest.session() + 1, newest.counter() + 1);
        writeSuperblock(storage, q, seg, next);
        q.recovered(index, append, newest.epoch(), next.session());
        return new Result(index.count(), append, next.session(), false);
    }

    private static void writeSuperblock(StorageLibOS storage, LogQueue q, MemorySegment seg, LogFormat.Superblock sb) {
        int bs = sb.blockSize();
        storage.zero(seg, 0, bs);
        LogFormat.writeSuperblock(seg, 0, sb, storage.crc());
        check(q.sync(LogQueue.WRITE, seg, bs, (sb.counter() % 2) * bs), q, "writing the superblock");
        check(q.sync(LogQueue.FLUSH, seg, 0, 0), q, "flushing the superblock");
    }

    /** Scans the records; fills {@code index}; returns the offset just past the last valid record. */
    private static long scan(StorageLibOS storage, LogQueue q, MemorySegment seg, int room, LogFormat.Superblock sb, LogIndex index) {
        int bs = sb.blockSize();
        long capacity = q.device().capacity();
        long maxElement = storage.settings().maxElement();
        Crc crc = storage.crc();
        long p = LogFormat.firstRecord(bs);
        long validEnd = p;
        long chunkStart = -1;
        long chunkEnd = -1;
        long expected = 0;
        long previousSession = 0;
        while (p < capacity) {
            if (chunkStart < 0 || p + LogFormat.HEADER_BYTES > chunkEnd) {
                chunkStart = LogFormat.alignDown(p, bs);
                chunkEnd = chunkStart + load(q, seg, room, chunkStart, capacity);
            }
            long at = p - chunkStart;
            int magic = seg.get(LogFormat.INT, at);
            if (magic == 0 && p % bs != 0) {
                p = LogFormat.alignUp(p, bs);       // zero padding to the end of a batch's last block
                continue;
            }
            boolean valid = magic == LogFormat.RECORD_MAGIC;
            int length = 0;
            long session = 0;
            if (valid) {
                length = seg.get(LogFormat.INT, at + 4);
                long sequence = seg.get(LogFormat.LONG, at + 8);
                int epoch = seg.get(LogFormat.INT, at + 16);
                session = Integer.toUnsignedLong(seg.get(LogFormat.INT, at + 20));
                valid = length >= 1 && length <= maxElement && sequence == expected && epoch == (int) sb.epoch()
                        && session >= previousSession && session <= (sb.session() & 0xFFFF_FFFFL)
                        && p + LogFormat.recordBytes(length) <= capacity;
            }
            if (valid && p + LogFormat.HEADER_BYTES + length > chunkEnd) {
                chunkStart = LogFormat.alignDown(p, bs);
                chunkEnd = chunkStart + load(q, seg, room, chunkStart, capacity);
                at = p - chunkStart;
            }
            if (valid) {
                crc.reset().update(seg, at, LogFormat.HEADER_CRC_AT).update(seg, at + LogFormat.HEADER_BYTES, length);
                valid = crc.value() == seg.get(LogFormat.INT, at + LogFormat.HEADER_CRC_AT);
            }
            if (!valid) {
                if (p % bs != 0 && p == validEnd) {
                    // What follows the last valid record inside its block may be the torn rest of a batch that a
                    // crash cut short; appends after recovery start at the next block, so look there once.
                    p = LogFormat.alignUp(p, bs);
                    continue;
                }
                break;      // torn, stale or corrupt: the log ends before it
            }
            index.add(p, length);
            expected++;
            previousSession = session;
            p += LogFormat.recordBytes(length);
            validEnd = p;
        }
        return validEnd;
    }

    private static int load(LogQueue q, MemorySegment seg, int room, long start, long capacity) {
        int bs = q.device().blockSize();
        int length = (int) Math.min(room, capacity - start) / bs * bs;
        check(q.sync(LogQueue.READ, seg, length, start), q, "reading the log at " + start);
        return length;
    }

    private static void check(int result, LogQueue q, String what) {
        if (result < 0) {
            throw new PdpixException(Errno.EIO, q.device().target() + ": " + what + " failed (" + Errno.name(-result) + ")");
        }
    }
}
