package org.margay.storage;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;
import org.margay.pdpix.spi.OperationFifo;
import org.margay.storage.device.BlockDevice;

/**
 * One PDPIX storage queue (HotOS '19 §3.2): an append-only log of atomic elements on a {@link BlockDevice}, in the
 * format of {@link LogFormat}.
 *
 * <h2>Push: append one element</h2>
 * Pushed elements are copied, in push order, into batches of records (a record is a header with a CRC32C and the
 * element), each batch one aligned write of whole blocks. Several batches may be in flight; they are acknowledged in
 * log order, so a push completes only once its record and every record before it are written (on the device: a
 * killed process cannot lose them; {@link StorageLibOS#flush} makes them survive power loss too, unless
 * {@code storage.durable} already does). The application's element is released as soon as it is copied.
 *
 * <h2>Pop: read</h2>
 * {@code pop} reads the next element from a cursor that starts at the first element (log semantics), and completes
 * with an empty element at the end of the log; {@link StorageLibOS#popAt} reads element {@code i} without moving the
 * cursor. Only acknowledged elements are read. The record is read with one aligned read into an element buffer and
 * popped there without a copy (larger ones are read into a batch buffer and copied into an element); its header and
 * checksum are verified first, and a record that fails verification fails the pop with {@link Errno#EIO}: a torn or
 * corrupt element is never returned.
 *
 * <h2>Close</h2>
 * Operations the queue took over (pushes staged into batches, reads in flight, flushes) complete
 * {@link Errno#ECANCELED}; staged batches are still written. The queue releases its buffers and closes its device when
 * the last of its I/O has completed.
 *
 * <p>Allocation-free on the data path (the index grows by doubling). Single-threaded.
 */
final class LogQueue extends IoQueue {
    static final int WRITE = 1;
    static final int READ = 2;
    static final int FLUSH = 3;
    static final int SYNC = 4;

    private static final byte FREE = 0;
    private static final byte STAGED = 1;
    private static final byte WRITING = 2;
    private static final byte DONE = 3;
    private static final byte FAILED = 4;
    private static final byte OPEN = 5;

    private final StorageLibOS storage;
    private final BlockDevice device;
    private final int blockSize;
    private final long capacity;
    private final int elementSize;
    private final long maxElement;
    int instance = -1;
    int generation;

    long epoch;
    long session;
    private long appendPos;
    private final LogIndex index = new LogIndex();
    private int durable;
    private int cursor;

    private final PacketBuffer[] batchBuffer;
    private final long[] batchOffset;
    private final int[] batchLength;
    private final int[] batchCount;
    private final byte[] batchState;
    private int batchHead;
    private int batches;
    private final int[] staged;
    private int stagedHead;
    private int stagedCount;
    private int open = -1;
    private int openPos;

    private final int[] readSlot;
    private final int[] readElement;
    private final PacketBuffer[] readBuffer;
    private final int[] readOffset;
    private final boolean[] readLarge;
    private final int[] freeReads;
    private int freeReadCount;
    private final int[] popTarget;

    private final OperationFifo pendingFlushes;
    private final long[] flushBarrier;
    private boolean flushInFlight;
    private long pushesAccepted;
    private long pushesResolved;

    private int failure;
    private int inFlightIo;
    private boolean appClosed;
    private boolean released;
    private long corruptRecords;

    private boolean syncDone;
    private int syncResult;

    LogQueue(StorageLibOS storage, BlockDevice device) {
        // A storage queue is an ordered stream of elements in the storage domain.
        super(storage, Domain.STORAGE, SocketType.STREAM);
        this.storage = storage;
        this.device = device;
        this.blockSize = device.blockSize();
        this.capacity = device.capacity();
        StorageSettings s = storage.settings();
        this.elementSize = s.elementSize();
        this.maxElement = s.maxElement();
        int depth = s.batchesInFlight();
        batchBuffer = new PacketBuffer[depth];
        batchOffset = new long[depth];
        batchLength = new int[depth];
        batchCount = new int[depth];
        batchState = new byte[depth];
        int ops = storage.operations().capacity();
        staged = new int[ops];
        popTarget = new int[ops];
        flushBarrier = new long[ops];
        int reads = s.readsInFlight();
        readSlot = new int[reads];
        readElement = new int[reads];
        readBuffer = new PacketBuffer[reads];
        readOffset = new int[reads];
        readLarge = new boolean[reads];
        freeReads = new int[reads];
        for (int i = 0; i < reads; i++) {
            freeReads[i] = reads - 1 - i;
        }
        freeReadCount = reads;
        pendingFlushes = new OperationFifo(ops());
    }

    private org.margay.pdpix.spi.OperationTable ops() {
        return storage.operations();
    }

    BlockDevice device() {
        return device;
    }

    /** Elements acknowledged (durable) so far. */
    int durableElements() {
        return durable;
    }

    long corruptRecords() {
        return corruptRecords;
    }

    private long tag(int kind, int entry) {
        return (long) instance << 44 | (long) (generation & 0xFFF) << 32 | (long) kind << 28 | (entry & 0x0FFF_FFFF);
    }

    // ------------------------------------------------------------------ opening (control path)

    /** Sets the log's position after {@link LogRecovery}: {@code count} elements recovered, appends go to {@code append}. */
    void recovered(LogIndex recovered, long append, long logEpoch, long logSession) {
        for (int i = 0; i < recovered.count(); i++) {
            index.add(recovered.position(i), recovered.length(i));
        }
        durable = index.count();
        appendPos = append;
        epoch = logEpoch;
        session = logSession;
    }

    /** Runs one I/O synchronously (opening and recovering); returns its result. */
    int sync(int kind, MemorySegment buffer, int length, long offset) {
        syncDone = false;
        long t = tag(SYNC, 0);
        int rc = switch (kind) {
            case READ -> device.read(t, buffer, 0, length, offset);
            case WRITE -> device.write(t, buffer, 0, length, offset);
            default -> device.flush(t);
        };
        if (rc != 0) {
            return rc;
        }
        inFlightIo++;
        storage.awaitSync(this);
        return syncResult;
    }

    boolean syncDone() {
        return syncDone;
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (failure != 0) {
            return failure;
        }
        if (element.totalLength() > maxElement) {
            return Errno.EMSGSIZE;
        }
        pendingPushes.add(slot);
        pushesAccepted++;
        stage();
        wake();
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        popTarget[slot] = -1;
        pendingPops.add(slot);
        servicePops();
        return Errno.OK;
    }

    /** Starts reading element {@code element} (popAt). */
    int startPopAt(int slot, long element) {
        if (element < 0 || element >= durable) {
            return Errno.EINVAL;
        }
        popTarget[slot] = (int) element;
        pendingPops.add(slot);
        servicePops();
        return Errno.OK;
    }

    /** Starts a flush: completes when every push accepted before it is settled and the device flushed. */
    int startFlush(int slot) {
        if (failure != 0) {
            return failure;
        }
        flushBarrier[slot] = pushesAccepted;
        pendingFlushes.add(slot);
        wake();
        return Errno.OK;
    }

    /** Moves the read cursor. */
    void seek(long element) {
        if (element < 0 || element > durable) {
            throw new PdpixException(Errno.EINVAL, "seek to element " + element + ": the log holds " + durable);
        }
        cursor = (int) element;
    }

    @Override
    protected int service(long nowNanos) {
        int work = stage();
        if (open >= 0) {
            seal();         // group commit: everything pushed since the last cycle goes in one write
            work++;
        }
        work += resubmit();
        work += serviceFlushes();
        work += servicePops();
        if (work > 0) {
            storage.backend().submit();
        }
        return work;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Copies pending pushes into the open batch (opening one when needed, sealing it when the next record does not
     * fit), so an element is copied, and given back, as soon as it is pushed; the open batch is sealed and written
     * at the end of the duty cycle ({@link #service}), which commits every element pushed since the last cycle in
     * one write.
     */
    private int stage() {
        int work = 0;
        int slot;
        while ((slot = pendingPushes.peek()) >= 0 && failure == 0 && stagedCount < staged.length) {
            if (open < 0 && !openBatch()) {
                break;
            }
            PacketBuffer buffer = batchBuffer[open];
            Sga element = ops().sga(slot);
            int length = (int) element.totalLength();
            long record = LogFormat.recordBytes(length);
            if (openPos + record > buffer.capacity()) {
                seal();
                continue;
            }
            if (batchOffset[open] + LogFormat.alignUp(openPos + record, blockSize) > capacity) {
                if (batchCount[open] > 0) {
                    seal();
                    continue;
                }
                pendingPushes.poll();
                failPush(slot, Errno.ENOSPC);      // the device is full
                pushesResolved++;
                work++;
                continue;
            }
            writeRecord(buffer.segment(), openPos, element, length, index.count());
            index.add(batchOffset[open] + openPos, length);
            pendingPushes.poll();
            storage.sgaPool().free(takePushedElement(slot));    // copied: the element's buffers go back at once
            staged[(stagedHead + stagedCount) % staged.length] = slot;
            stagedCount++;
            openPos += (int) record;
            batchCount[open]++;
            work++;
        }
        return work;
    }

    private boolean openBatch() {
        if (batches == batchBuffer.length) {
            return false;
        }
        PacketBuffer buffer = storage.batchPool().allocate();
        if (buffer == null) {
            wake();     // retry when a batch buffer is back
            return false;
        }
        int entry = (batchHead + batches) % batchBuffer.length;
        batchBuffer[entry] = buffer;
        batchOffset[entry] = appendPos;
        batchCount[entry] = 0;
        batchState[entry] = OPEN;
        batches++;
        open = entry;
        openPos = 0;
        return true;
    }

    /** Closes the open batch: pads it to whole blocks and writes it. */
    private void seal() {
        int entry = open;
        open = -1;
        if (batchCount[entry] == 0) {
            batchBuffer[entry].release();
            batchBuffer[entry] = null;
            batchState[entry] = FREE;
            batches--;
            return;
        }
        MemorySegment seg = batchBuffer[entry].segment();
        int length = (int) LogFormat.alignUp(openPos, blockSize);
        storage.zero(seg, openPos, length - openPos);
        batchLength[entry] = length;
        batchState[entry] = STAGED;
        appendPos = batchOffset[entry] + length;
        submitBatch(entry);
    }

    private void writeRecord(MemorySegment seg, int pos, Sga element, int length, long sequence) {
        LogFormat.writeHeader(seg, pos, length, sequence, epoch, session);
        long at = pos + LogFormat.HEADER_BYTES;
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            MemorySegment.copy(b.segment(), b.start(), seg, at, b.length());
            at += b.length();
        }
        long end = pos + LogFormat.recordBytes(length);
        storage.zero(seg, at, (int) (end - at));
        Crc crc = storage.crc().reset();
        crc.update(seg, pos, LogFormat.HEADER_CRC_AT);
        crc.update(seg, pos + LogFormat.HEADER_BYTES, length);
        seg.set(LogFormat.INT, pos + LogFormat.HEADER_CRC_AT, crc.value());
    }

    private void submitBatch(int entry) {
        int rc = device.write(tag(WRITE, entry), batchBuffer[entry].segment(), 0, batchLength[entry], batchOffset[entry]);
        if (rc == 0) {
            batchState[entry] = WRITING;
            inFlightIo++;
        } else if (rc != -Errno.EAGAIN) {
            batchState[entry] = FAILED;
            settleBatches();
        }
    }

    private int resubmit() {
        int work = 0;
        for (int i = 0; i < batches; i++) {
            int entry = (batchHead + i) % batchBuffer.length;
            if (batchState[entry] == STAGED) {
                submitBatch(entry);
                work++;
            }
        }
        return work;
    }

    private void writeCompleted(int entry, int result) {
        inFlightIo--;
        batchState[entry] = result < 0 || result > 0 && result != batchLength[entry] ? FAILED : DONE;
        settleBatches();
        wake();
    }

    /** Acknowledges finished batches in log order; the first failed batch breaks the log for everything after it. */
    private void settleBatches() {
        while (batches > 0 && (batchState[batchHead] == DONE || batchState[batchHead] == FAILED)) {
            int entry = batchHead;
            boolean ok = batchState[entry] == DONE && failure == 0;
            if (!ok && failure == 0) {
                failure = Errno.EIO;
                index.truncate(durable);
            }
            for (int i = 0; i < batchCount[entry]; i++) {
                int slot = staged[stagedHead];
                stagedHead = (stagedHead + 1) % staged.length;
                stagedCount--;
                if (slot >= 0) {
                    if (ok) {
                        ops().complete(slot);
                    } else {
                        ops().fail(slot, Errno.EIO);
                    }
                }
            }
            if (ok) {
                durable += batchCount[entry];
            }
            pushesResolved += batchCount[entry];
            batchBuffer[entry].release();
            batchBuffer[entry] = null;
            batchState[entry] = FREE;
            batchHead = (batchHead + 1) % batchBuffer.length;
            batches--;
        }
        if (failure != 0) {
            for (int s = pendingPushes.poll(); s >= 0; s = pendingPushes.poll()) {
                failPush(s, failure);
                pushesResolved++;
            }
        }
    }

    private int serviceFlushes() {
        int slot = pendingFlushes.peek();
        if (slot < 0 || flushInFlight || pushesResolved < flushBarrier[slot]) {
            return 0;
        }
        if (failure != 0) {
            pendingFlushes.poll();
            ops().fail(slot, failure);
            return 1;
        }
        int rc = device.flush(tag(FLUSH, 0));
        if (rc == 0) {
            flushInFlight = true;
            inFlightIo++;
        } else if (rc != -Errno.EAGAIN) {
            pendingFlushes.poll();
            ops().fail(slot, Errno.EIO);
        } else {
            wake();
        }
        return 1;
    }

    private void flushCompleted(int result) {
        inFlightIo--;
        flushInFlight = false;
        int slot = pendingFlushes.poll();
        if (slot >= 0) {
            if (result < 0) {
                ops().fail(slot, Errno.EIO);
            } else {
                ops().complete(slot);
            }
        }
        wake();
    }

    // ------------------------------------------------------------------ reading

    private int servicePops() {
        int work = 0;
        int slot;
        while ((slot = pendingPops.peek()) >= 0) {
            boolean next = popTarget[slot] < 0;
            int element = next ? cursor : popTarget[slot];
            if (element >= durable) {
                Sga empty = storage.sgaPool().allocateEmpty();
                if (empty == null) {
                    wake();
                    break;
                }
                pendingPops.poll();
                completePop(slot, empty, 0, 0);        // the end of the log
                work++;
                continue;
            }
            if (freeReadCount == 0) {
                break;
            }
            long position = index.position(element);
            int length = index.length(element);
            long start = LogFormat.alignDown(position, blockSize);
            int span = (int) (LogFormat.alignUp(position + LogFormat.HEADER_BYTES + length, blockSize) - start);
            boolean large = span > elementSize;
            PacketBuffer buffer = large ? storage.batchPool().allocate() : storage.elementPool().allocate();
            if (buffer == null) {
                wake();
                break;
            }
            int entry = freeReads[--freeReadCount];
            readSlot[entry] = slot;
            readElement[entry] = element;
            readBuffer[entry] = buffer;
            readOffset[entry] = (int) (position - start);
            readLarge[entry] = large;
            int rc = device.read(tag(READ, entry), buffer.segment(), 0, span, start);
            if (rc != 0) {
                readBuffer[entry] = null;
                freeReads[freeReadCount++] = entry;
                buffer.release();
                if (rc == -Errno.EAGAIN) {
                    wake();
                    break;
                }
                pendingPops.poll();
                ops().fail(slot, Errno.EIO);
                continue;
            }
            inFlightIo++;
            pendingPops.poll();
            if (next) {
                cursor++;
            }
            work++;
        }
        return work;
    }

    private void readCompleted(int entry, int result) {
        inFlightIo--;
        int slot = readSlot[entry];
        PacketBuffer buffer = readBuffer[entry];
        readBuffer[entry] = null;
        freeReads[freeReadCount++] = entry;
        if (slot < 0) {
            buffer.release();       // the queue was closed meanwhile
            return;
        }
        int element = readElement[entry];
        int length = index.length(element);
        int at = readOffset[entry];
        if (result < 0 || !verify(buffer.segment(), at, element, length)) {
            buffer.release();
            if (result >= 0) {
                corruptRecords++;
            }
            ops().fail(slot, Errno.EIO);
            wake();
            return;
        }
        Sga sga;
        if (!readLarge[entry]) {
            sga = storage.sgaPool().allocateEmpty();
            if (sga != null) {
                buffer.append(at + LogFormat.HEADER_BYTES + length);
                buffer.trimFront(at + LogFormat.HEADER_BYTES);
                sga.append(buffer);         // popped where it was read: no copy
            } else {
                buffer.release();
            }
        } else {
            sga = storage.sgaPool().allocate(length);
            if (sga != null) {
                long from = at + LogFormat.HEADER_BYTES;
                for (int i = 0; i < sga.segmentCount(); i++) {
                    PacketBuffer b = sga.buffer(i);
                    MemorySegment.copy(buffer.segment(), from, b.segment(), b.start(), b.length());
                    from += b.length();
                }
            }
            buffer.release();
        }
        if (sga == null) {
            ops().fail(slot, Errno.ENOMEM);
        } else {
            completePop(slot, sga, 0, 0);
        }
        wake();
    }

    /** Whether the record read at {@code at} is element {@code element} of this log, whole. */
    private boolean verify(MemorySegment s, int at, int element, int length) {
        if (s.get(LogFormat.INT, at) != LogFormat.RECORD_MAGIC || s.get(LogFormat.INT, at + 4) != length
                || s.get(LogFormat.LONG, at + 8) != element || s.get(LogFormat.INT, at + 16) != (int) epoch) {
            return false;
        }
        Crc crc = storage.crc().reset();
        crc.update(s, at, LogFormat.HEADER_CRC_AT);
        crc.update(s, at + LogFormat.HEADER_BYTES, length);
        return crc.value() == s.get(LogFormat.INT, at + LogFormat.HEADER_CRC_AT);
    }

    // ------------------------------------------------------------------ completions and closing

    /** One I/O of this queue completed. */
    void ioCompleted(int kind, int entry, int result) {
        switch (kind) {
            case WRITE -> writeCompleted(entry, result);
            case READ -> readCompleted(entry, result);
            case FLUSH -> flushCompleted(result);
            default -> {
                inFlightIo--;
                syncDone = true;
                syncResult = result;
            }
        }
        if (appClosed && inFlightIo == 0) {
            release();
        }
    }

    @Override
    protected void closeNow() {
        appClosed = true;
        for (int i = 0; i < stagedCount; i++) {
            int at = (stagedHead + i) % staged.length;
            if (staged[at] >= 0) {
                ops().fail(staged[at], Errno.ECANCELED);
                staged[at] = -1;
            }
        }
        for (int s = pendingFlushes.poll(); s >= 0; s = pendingFlushes.poll()) {
            ops().fail(s, Errno.ECANCELED);
        }
        for (int entry = 0; entry < readSlot.length; entry++) {
            if (readBuffer[entry] != null && readSlot[entry] >= 0) {
                ops().fail(readSlot[entry], Errno.ECANCELED);
                readSlot[entry] = -1;
            }
        }
        if (inFlightIo == 0) {
            release();
        }
    }

    /** Frees everything at once (the library OS is closing and waited for the I/O it could). */
    void releaseNow() {
        if (!released) {
            release();
        }
    }

    int inFlightIo() {
        return inFlightIo;
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (int i = 0; i < batchBuffer.length; i++) {
            if (batchBuffer[i] != null) {
                batchBuffer[i].release();
                batchBuffer[i] = null;
            }
        }
        for (int i = 0; i < readBuffer.length; i++) {
            if (readBuffer[i] != null) {
                readBuffer[i].release();
                readBuffer[i] = null;
            }
        }
        device.close();
        storage.removeInstance(this);
    }

    boolean released() {
        return released;
    }

    /** Asks for a {@link #service} in the next duty cycle. */
    void wakeUp() {
        wake();
    }

    @Override
    protected String describe() {
        return "storage queue " + qd() + " (" + device.target() + ", " + durable + " elements)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
