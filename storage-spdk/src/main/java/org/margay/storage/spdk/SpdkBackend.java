package org.margay.storage.spdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.Errno;
import org.margay.storage.device.BlockDevice;
import org.margay.storage.device.IoCompletions;
import org.margay.storage.device.StorageBackend;
import org.margay.storage.device.StorageException;

/**
 * The SPDK backend: NVMe namespaces driven from user space by SPDK's polled-mode driver. The environment is
 * initialised once per process ({@code spdk_env_init}: hugepages, vfio), controllers are probed and attached from a
 * transport id ({@code trtype:PCIe traddr:0000:01:00.0}, optionally followed by {@code ns:N}), each namespace gets an
 * I/O queue pair, and I/O memory comes from {@code spdk_zmalloc} (pinned, DMA-able). Commands complete through the
 * shim's C callback into a ring that {@link #poll} reaps after {@code spdk_nvme_qpair_process_completions}, so no
 * Java upcall runs per I/O. A command's {@code cb_arg} is an index into preallocated slots that remember the tag and
 * length, so the data path allocates nothing.
 *
 * <p>Loaded only where libspdk is present ({@link #unavailableReason()}); without it the constructor throws a
 * {@link StorageException} ({@code ENODEV}) that says what is missing and how to get it.
 */
public final class SpdkBackend implements StorageBackend {
    private static boolean environmentReady;
    private static MemorySegment attached = MemorySegment.NULL;

    private final int queueDepth;
    private final boolean durable;
    private final Arena arena = Arena.ofShared();
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<MemorySegment> dmaRegions = new ArrayList<>();
    private final long[] slotTag;
    private final int[] slotLength;
    private final int[] freeSlots;
    private int freeCount;
    private final MemorySegment reapTags;
    private final MemorySegment reapStatus;
    private boolean closed;

    /**
     * An SPDK backend with {@code queueDepth} commands in flight at most.
     *
     * @throws StorageException ENODEV naming what is missing when SPDK's libraries or the shim are absent; the
     *         environment's error when {@code spdk_env_init} fails
     */
    public SpdkBackend(int queueDepth, boolean durable) {
        if (!Spdk.available()) {
            throw new StorageException(Errno.ENODEV, Spdk.missing());
        }
        this.queueDepth = queueDepth;
        this.durable = durable;
        initEnvironment();
        try {
            if ((int) Spdk.RING_INIT.invokeExact(queueDepth * 2) != 0) {
                throw new StorageException(Errno.ENOMEM, "margay_spdk_ring_init failed");
            }
        } catch (Throwable t) {
            throw Spdk.rethrow(t);
        }
        slotTag = new long[queueDepth];
        slotLength = new int[queueDepth];
        freeSlots = new int[queueDepth];
        for (int i = 0; i < queueDepth; i++) {
            freeSlots[i] = queueDepth - 1 - i;
        }
        freeCount = queueDepth;
        reapTags = arena.allocate(JAVA_LONG, 64);
        reapStatus = arena.allocate(JAVA_INT, 64);
    }

    /** Why SPDK cannot be used here, or null when it can. */
    public static String unavailableReason() {
        return Spdk.available() ? null : Spdk.missing();
    }

    private static synchronized void initEnvironment() {
        if (environmentReady) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment opts = a.allocate(Spdk.ENV_OPTS_BYTES, 8);
            Spdk.ENV_OPTS_INIT.invokeExact(opts);
            opts.set(ADDRESS, 0, Arena.global().allocateFrom("margay"));     // struct spdk_env_opts: const char *name first
            int rc = (int) Spdk.ENV_INIT.invokeExact(opts);
            if (rc < 0) {
                throw new StorageException(-rc, "spdk_env_init failed (" + rc + "): are hugepages reserved and the device bound to"
                        + " vfio-pci (SPDK's scripts/setup.sh)?");
            }
            environmentReady = true;
        } catch (StorageException e) {
            throw e;
        } catch (Throwable t) {
            throw Spdk.rethrow(t);
        }
    }

    @Override
    public String name() {
        return "spdk";
    }

    @Override
    public int alignment() {
        return 4096;
    }

    @Override
    public MemorySegment ioMemory(long bytes) {
        try {
            MemorySegment m = (MemorySegment) Spdk.ZMALLOC.invokeExact(bytes, 4096L, MemorySegment.NULL, Spdk.SOCKET_ID_ANY, Spdk.MALLOC_DMA);
            if (m.equals(MemorySegment.NULL)) {
                throw new StorageException(Errno.ENOMEM, "spdk_zmalloc(" + bytes + ") failed: not enough hugepage memory");
            }
            MemorySegment region = m.reinterpret(bytes);
            dmaRegions.add(region);
            return region;
        } catch (StorageException e) {
            throw e;
        } catch (Throwable t) {
            throw Spdk.rethrow(t);
        }
    }

    /** Called by SPDK for each controller found: attach it. */
    private static boolean probeCallback(MemorySegment context, MemorySegment trid, MemorySegment opts) {
        return true;
    }

    /** Called by SPDK when a controller is attached: remember it. */
    private static void attachCallback(MemorySegment context, MemorySegment trid, MemorySegment ctrlr, MemorySegment opts) {
        attached = ctrlr;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code target} is an SPDK transport id ({@code trtype:PCIe traddr:0000:01:00.0}) with an optional
     * {@code ns:N} (namespace 1 by default); {@code create} and {@code capacity} do not apply to a namespace.
     */
    @Override
    public BlockDevice open(String target, boolean create, long capacity) {
        int nsid = 1;
        String trid = target;
        int at = target.indexOf(" ns:");
        if (at >= 0) {
            nsid = Integer.parseInt(target.substring(at + 4).trim());
            trid = target.substring(0, at);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment id = a.allocate(Spdk.TRID_BYTES, 8);
            if ((int) Spdk.TRID_PARSE.invokeExact(id, a.allocateFrom(trid)) != 0) {
                throw new StorageException(Errno.EINVAL, "spdk_nvme_transport_id_parse(\"" + trid + "\") failed");
            }
            Linker linker = Linker.nativeLinker();
            MemorySegment probe = linker.upcallStub(MethodHandles.lookup().findStatic(SpdkBackend.class, "probeCallback",
                    MethodType.methodType(boolean.class, MemorySegment.class, MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS), a);
            MemorySegment attach = linker.upcallStub(MethodHandles.lookup().findStatic(SpdkBackend.class, "attachCallback",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS), a);
            attached = MemorySegment.NULL;
            int rc = (int) Spdk.PROBE.invokeExact(id, MemorySegment.NULL, probe, attach, MemorySegment.NULL);
            if (rc != 0 || attached.equals(MemorySegment.NULL)) {
                throw new StorageException(Errno.ENODEV, "spdk_nvme_probe(\"" + trid + "\") attached no controller (" + rc
                        + "): is the device bound to vfio-pci?");
            }
            MemorySegment ctrlr = attached;
            MemorySegment ns = (MemorySegment) Spdk.GET_NS.invokeExact(ctrlr, nsid);
            if (ns.equals(MemorySegment.NULL) || !(boolean) Spdk.NS_IS_ACTIVE.invokeExact(ns)) {
                int ignored = (int) Spdk.DETACH.invokeExact(ctrlr);
                throw new StorageException(Errno.ENODEV, "namespace " + nsid + " of " + trid + " is not active");
            }
            int sector = (int) Spdk.NS_SECTOR_SIZE.invokeExact(ns);
            long sectors = (long) Spdk.NS_NUM_SECTORS.invokeExact(ns);
            MemorySegment qpair = (MemorySegment) Spdk.ALLOC_QPAIR.invokeExact(ctrlr, MemorySegment.NULL, 0L);
            if (qpair.equals(MemorySegment.NULL)) {
                int ignored = (int) Spdk.DETACH.invokeExact(ctrlr);
                throw new StorageException(Errno.ENOMEM, "spdk_nvme_ctrlr_alloc_io_qpair failed for " + trid);
            }
            Namespace n = new Namespace(target, ctrlr, ns, qpair, sector, sector * sectors);
            namespaces.add(n);
            return n;
        } catch (StorageException e) {
            throw e;
        } catch (Throwable t) {
            throw Spdk.rethrow(t);
        }
    }

    /** One NVMe namespace with its I/O queue pair. */
    private final class Namespace implements BlockDevice {
        private final String target;
        private final MemorySegment ctrlr;
        private final MemorySegment ns;
        private final MemorySegment qpair;
        private final int sector;
        private final long capacity;
        private boolean closed;

        Namespace(String target, MemorySegment ctrlr, MemorySegment ns, MemorySegment qpair, int sector, long capacity) {
            this.target = target;
            this.ctrlr = ctrlr;
            this.ns = ns;
            this.qpair = qpair;
            this.sector = sector;
            this.capacity = capacity;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public int blockSize() {
            return Math.max(sector, 4096);
        }

        @Override
        public long capacity() {
            return capacity / blockSize() * blockSize();
        }

        @Override
        public int read(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset) {
            int slot = takeSlot(tag, length);
            if (slot < 0) {
                return -Errno.EAGAIN;
            }
            try {
                int rc = (int) Spdk.NS_READ.invokeExact(ns, qpair, buffer.address() + bufferOffset, deviceOffset / sector,
                        length / sector, Spdk.COMPLETE_CALLBACK, (long) slot, 0);
                return submitted(slot, rc);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }

        @Override
        public int write(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset) {
            int slot = takeSlot(tag, length);
            if (slot < 0) {
                return -Errno.EAGAIN;
            }
            try {
                int rc = (int) Spdk.NS_WRITE.invokeExact(ns, qpair, buffer.address() + bufferOffset, deviceOffset / sector,
                        length / sector, Spdk.COMPLETE_CALLBACK, (long) slot, durable ? Spdk.IO_FLAGS_FUA : 0);
                return submitted(slot, rc);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }

        @Override
        public int flush(long tag) {
            int slot = takeSlot(tag, 0);
            if (slot < 0) {
                return -Errno.EAGAIN;
            }
            try {
                int rc = (int) Spdk.NS_FLUSH.invokeExact(ns, qpair, Spdk.COMPLETE_CALLBACK, (long) slot);
                return submitted(slot, rc);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }

        int process() {
            try {
                return (int) Spdk.PROCESS_COMPLETIONS.invokeExact(qpair, 0);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                int a = (int) Spdk.FREE_QPAIR.invokeExact(qpair);
                int b = (int) Spdk.DETACH.invokeExact(ctrlr);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }
    }

    private int takeSlot(long tag, int length) {
        if (freeCount == 0) {
            return -1;
        }
        int slot = freeSlots[--freeCount];
        slotTag[slot] = tag;
        slotLength[slot] = length;
        return slot;
    }

    private int submitted(int slot, int rc) {
        if (rc != 0) {
            freeSlots[freeCount++] = slot;
            return rc == -Errno.ENOMEM ? -Errno.EAGAIN : rc;     // ENOMEM: no free request in SPDK's queue pair
        }
        return 0;
    }

    @Override
    public int submit() {
        return 0;   // SPDK rings the doorbell when the command is queued
    }

    @Override
    public int poll(IoCompletions sink) {
        for (int i = 0; i < namespaces.size(); i++) {
            namespaces.get(i).process();
        }
        int total = 0;
        int n;
        do {
            try {
                n = (int) Spdk.REAP.invokeExact(reapTags, reapStatus, 64);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
            for (int i = 0; i < n; i++) {
                int slot = (int) reapTags.getAtIndex(JAVA_LONG, i);
                int status = reapStatus.getAtIndex(JAVA_INT, i);
                long tag = slotTag[slot];
                int length = slotLength[slot];
                freeSlots[freeCount++] = slot;
                sink.ioCompleted(tag, status == 0 ? length : -Errno.EIO);
            }
            total += n;
        } while (n == 64);
        return total;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Namespace n : namespaces) {
            n.close();
        }
        for (MemorySegment m : dmaRegions) {
            try {
                Spdk.FREE.invokeExact(m);
            } catch (Throwable t) {
                throw Spdk.rethrow(t);
            }
        }
        arena.close();
    }
}
