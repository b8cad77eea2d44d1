package org.margay.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.margay.fastpath.buffer.ArenaMemoryManager;
import org.margay.fastpath.buffer.MemoryManager;
import java.util.Objects;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;
import org.margay.storage.device.BlockDevice;
import org.margay.storage.device.IoCompletions;
import org.margay.storage.device.MemoryBackend;
import org.margay.storage.device.StorageBackend;
import org.margay.storage.device.StorageException;
import org.margay.storage.spdk.SpdkBackend;
import org.margay.storage.uring.UringBackend;

/**
 * The storage library OS ({@code libos=storage}, the SOSP '21 paper's Cattree role): PDPIX storage queues, each an
 * append-only log of atomic, checksummed elements ({@link LogQueue}, {@link LogFormat}) on a device of one backend:
 * SPDK NVMe, io_uring with O_DIRECT, or memory ({@code storage.backend}).
 *
 * <h2>The storage calls (HotOS '19 §3.2)</h2>
 * <ul>
 *   <li>{@link #open}: a queue on a target (file path, device name, NVMe transport id), created or recovered;</li>
 *   <li>{@code push}: append one element, atomically (it is read back whole or not at all);</li>
 *   <li>{@code pop}: read the next element from the queue's cursor (log semantics; an empty element at the end),
 *       {@link #popAt}: read element {@code i}, {@link #seek}: move the cursor;</li>
 *   <li>{@link #flush}: make every element pushed before it durable against power loss;</li>
 *   <li>{@code close}/{@code asyncClose}, and the waits, as for every library OS.</li>
 * </ul>
 * {@code socket} is refused: storage queues are opened, not made.
 *
 * <h2>Memory</h2>
 * One region of the backend's I/O memory (aligned for O_DIRECT, DMA-able for SPDK, registered with io_uring) holds
 * both pools: the element pool ({@code sgaAlloc}, popped elements) and the batch pool (records being written, large
 * records being read). Applications never register memory.
 *
 * <p>Configuration: {@link StorageSettings}. Single-threaded, like every library OS.
 */
public final class StorageLibOS extends AbstractLibOS implements IoCompletions {
    /** The name configurations use. */
    public static final String NAME = "storage";
    private static final long SYNC_TIMEOUT_NANOS = 30_000_000_000L;

    private final StorageSettings settings;
    private final StorageBackend backend;
    private final AlignedBufferPool elements;
    private final AlignedBufferPool batches;
    private final Crc crc;
    private final MemorySegment zeros;
    private final MemoryManager memory;
    private LogQueue[] instances = new LogQueue[16];
    private int[] generations = new int[16];

    private StorageLibOS(LibOSConfig config, Resources r) {
        super(NAME, config, r.elements);
        this.settings = r.settings;
        this.backend = r.backend;
        this.elements = r.elements;
        this.batches = r.batches;
        this.crc = new Crc(r.region);
        this.memory = new ArenaMemoryManager(NAME, List.of(r.elements, r.batches));
        this.zeros = Arena.ofAuto().allocate(Math.max(settings.blockSize(), LogFormat.RECORD_ALIGN));
    }

    private record Resources(StorageSettings settings, StorageBackend backend, MemorySegment region, AlignedBufferPool elements,
                             AlignedBufferPool batches) {
    }

    /**
     * Opens the library OS {@code config} describes.
     *
     * @throws PdpixException {@link Errno#EINVAL} for bad configuration; the backend's error (ENODEV naming what is
     *         missing for io_uring without liburing or SPDK without libspdk)
     */
    public static StorageLibOS open(LibOSConfig config) {
        Objects.requireNonNull(config, "config");
        StorageSettings s = StorageSettings.from(config);
        StorageBackend backend = backend(s);
        try {
            long elementBytes = (long) s.elements() * s.elementSize();
            long batchBytes = (long) s.batchBuffers() * s.batchBufferSize();
            MemorySegment region = backend.ioMemory(elementBytes + batchBytes);
            AlignedBufferPool elements = new AlignedBufferPool(NAME + "-elements", region.asSlice(0, elementBytes), s.elements(),
                    s.elementSize(), backend.alignment());
            AlignedBufferPool batches = new AlignedBufferPool(NAME + "-batches", region.asSlice(elementBytes, batchBytes),
                    s.batchBuffers(), s.batchBufferSize(), backend.alignment());
            return new StorageLibOS(config, new Resources(s, backend, region, elements, batches));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Makes the configured backend; its unavailability becomes a {@link PdpixException} with the same message. */
    static StorageBackend backend(StorageSettings s) {
        try {
            return switch (s.backend()) {
                case "memory" -> new MemoryBackend(s.queueDepth(), s.blockSize());
                case "spdk" -> new SpdkBackend(s.queueDepth(), s.durable());
                default -> new UringBackend(s.queueDepth(), s.blockSize(), s.durable());
            };
        } catch (StorageException e) {
            throw new PdpixException(e.errno(), e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ the storage calls

    /**
     * Opens a storage queue on {@code target} (a file or block device path for io_uring, a device name for memory, an
     * NVMe transport id for SPDK) and returns its descriptor. {@link OpenMode#CREATE} formats a new log there
     * (sized {@code storage.capacity} when a file or memory device is made); {@link OpenMode#OPEN} recovers the
     * existing one: every element acknowledged before a crash is there, and nothing torn.
     *
     * @throws PdpixException the device's errno when it cannot be opened, {@link Errno#EINVAL} when it holds no log
     *         and {@code mode} is OPEN, {@link Errno#EIO} when recovery cannot read it
     */
    public int open(String target, OpenMode mode) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        if (isClosed()) {
            throw new PdpixException(Errno.EBADF, "library OS " + NAME + " is closed");
        }
        BlockDevice device;
        try {
            device = backend.open(target, mode != OpenMode.OPEN, settings.capacity());
        } catch (StorageException e) {
            throw new PdpixException(e.errno(), e.getMessage(), e);
        }
        LogQueue q = new LogQueue(this, device);
        addInstance(q);
        try {
            LogRecovery.open(this, q, mode);
        } catch (RuntimeException e) {
            q.releaseNow();
            throw e;
        }
        return register(q);
    }

    /** Starts reading element {@code element} of storage queue {@code qd}; completes with {@link Opcode#POP}. */
    public long popAt(int qd, long element) {
        LogQueue q = log(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        long qt = operations().begin(Opcode.POP, qd, false);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        int err = q.startPopAt(slot, element);
        if (err != Errno.OK) {
            operations().fail(slot, err);
        }
        return qt;
    }

    /**
     * Starts a flush of storage queue {@code qd}: it completes as {@link Opcode#FLUSH} when every element pushed before it is written and the device's cache flushed, so they survive power
     * loss; FAILED with {@link Errno#EIO} if a write or the flush failed.
     */
    public long flush(int qd) {
        LogQueue q = log(qd);
        if (q == null) {
            return -Errno.EBADF;
        }
        long qt = operations().begin(Opcode.FLUSH, qd, false);
        if (qt < 0) {
            return qt;
        }
        int slot = QTokens.slot(qt);
        int err = q.startFlush(slot);
        if (err != Errno.OK) {
            operations().fail(slot, err);
        }
        return qt;
    }

    /** Moves the read cursor of {@code qd} to element {@code element} (0 .. {@link #elements}). */
    public void seek(int qd, long element) {
        requireLog(qd).seek(element);
    }

    /** The elements acknowledged in {@code qd}'s log (recovered ones included). */
    public long elements(int qd) {
        return requireLog(qd).durableElements();
    }

    /** Records of {@code qd} that failed verification when read (a damaged device). */
    public long corruptRecords(int qd) {
        return requireLog(qd).corruptRecords();
    }

    /** The backend's name ({@code io_uring}, {@code memory}, {@code spdk}). */
    public String backendName() {
        return backend.name();
    }

    /** Both pools (elements, batches) as fastpath's memory manager: all of it backend I/O memory. */
    public MemoryManager memoryManager() {
        return memory;
    }

    /** The backend, for tests that inject faults into the memory backend. */
    public StorageBackend backend() {
        return backend;
    }

    private LogQueue log(int qd) {
        IoQueue q = queue(qd);
        return q instanceof LogQueue l ? l : null;
    }

    private LogQueue requireLog(int qd) {
        LogQueue q = log(qd);
        if (q == null) {
            throw new PdpixException(Errno.EBADF, qd + " is not an open storage queue");
        }
        return q;
    }

    // ------------------------------------------------------------------ AbstractLibOS

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        throw new PdpixException(Errno.EAFNOSUPPORT, "the storage library OS has no sockets (" + domain + " " + type
                + "): open a storage queue with StorageLibOS.open(target, mode)");
    }

    @Override
    protected int pollIo() {
        backend.submit();
        return backend.poll(this);
    }

    @Override
    public void ioCompleted(long tag, int result) {
        int index = (int) (tag >>> 44);
        int generation = (int) (tag >>> 32) & 0xFFF;
        LogQueue q = index < instances.length ? instances[index] : null;
        if (q == null || (generations[index] & 0xFFF) != generation) {
            return;     // an instance released meanwhile
        }
        q.ioCompleted((int) (tag >>> 28) & 0xF, (int) tag & 0x0FFF_FFFF, result);
        if (!q.released()) {
            wake(q);
        }
    }

    private void wake(LogQueue q) {
        if (!q.isClosed()) {
            q.wakeUp();
        }
    }

    @Override
    protected long nanoTime() {
        return System.nanoTime();
    }

    @Override
    protected void closeResources() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && anyIoInFlight()) {
            backend.submit();
            backend.poll(this);
        }
        for (LogQueue q : instances) {
            if (q != null) {
                q.releaseNow();
            }
        }
        backend.close();
    }

    private boolean anyIoInFlight() {
        for (LogQueue q : instances) {
            if (q != null && q.inFlightIo() > 0) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ for queues

    StorageSettings settings() {
        return settings;
    }

    AlignedBufferPool elementPool() {
        return elements;
    }

    AlignedBufferPool batchPool() {
        return batches;
    }

    Crc crc() {
        return crc;
    }

    /** Writes {@code length} zero bytes at {@code offset} of {@code s} (padding), allocation-free. */
    void zero(MemorySegment s, long offset, int length) {
        while (length > 0) {
            int n = (int) Math.min(length, zeros.byteSize());
            MemorySegment.copy(zeros, 0, s, offset, n);
            offset += n;
            length -= n;
        }
    }

    void addInstance(LogQueue q) {
        for (int i = 0; i < instances.length; i++) {
            if (instances[i] == null) {
                put(i, q);
                return;
            }
        }
        int i = instances.length;
        instances = Arrays.copyOf(instances, i * 2);
        generations = Arrays.copyOf(generations, i * 2);
        put(i, q);
    }

    private void put(int i, LogQueue q) {
        instances[i] = q;
        generations[i]++;
        q.instance = i;
        q.generation = generations[i];
    }

    void removeInstance(LogQueue q) {
        if (q.instance >= 0 && instances[q.instance] == q) {
            instances[q.instance] = null;
            generations[q.instance]++;
        }
    }

    /** Polls the backend until {@code q}'s synchronous I/O completes (control path: opening a log). */
    void awaitSync(LogQueue q) {
        long deadline = System.nanoTime() + SYNC_TIMEOUT_NANOS;
        while (!q.syncDone()) {
            backend.submit();
            if (backend.poll(this) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new PdpixException(Errno.ETIMEDOUT, q.device().target() + ": the device did not answer within 30 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public String toString() {
        return "StorageLibOS[" + backend.name() + "]";
    }
}
