package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.MacAddress;

/**
 * One receive queue of an existing interface driven through an AF_XDP socket (the catpowder role): frames are
 * redirected by an XDP program into a UMEM that Margay shares with the kernel, and Margay's frames leave from
 * the same UMEM.
 *
 * <h2>Set-up (libxdp)</h2>
 * {@link #open(AfXdpConfig)} allocates the UMEM (page-aligned, off-heap), and calls libxdp's
 * {@code xsk_umem__create} and {@code xsk_socket__create}: they register the UMEM, size and map the fill,
 * completion, rx and tx rings, load libxdp's default XDP program with an XSKMAP entry for the queue (generic
 * {@code SKB} mode unless {@code driverMode}), and bind in copy mode with {@code XDP_USE_NEED_WAKEUP}. Like the
 * other devices, the socket belongs to the network namespace of the opening thread ({@link NetNamespace}).
 *
 * <h2>Frames (Java over the mapped rings)</h2>
 * The ring operations are {@code static inline} in xsk.h, so {@link XskRing} does them in Java. Every UMEM
 * chunk is a {@link PacketBuffer} of the device's {@link #pool()}:
 * <ul>
 *   <li><b>receive</b>: reclaim transmitted chunks from the completion ring, top up the fill ring with free
 *       chunks (the device holds them meanwhile), then take rx descriptors: the chunk the kernel wrote into
 *       goes to the stack as it is, its window set to the descriptor's offset and length;</li>
 *   <li><b>transmit</b>: a frame that is a single chunk of this pool is published on the tx ring in place (the
 *       device holds it until the completion ring returns it); any other frame is copied into a free chunk
 *       ({@link #copiedFrames()}). A full tx ring or no free chunk pushes back. Then a {@code sendto} kicks the
 *       kernel when the ring asks for it (always, in copy mode).</li>
 * </ul>
 * So the stack reads and builds frames in the UMEM: no copy between Margay and the socket; in generic mode
 * the kernel itself copies between its socket buffers and the UMEM.
 *
 * <p>No checksum offload; turn a veth's offloads off as for {@link AfPacketDevice}. Needs root, libxdp
 * ({@code libxdp1}) and a kernel with {@code CONFIG_XDP_SOCKETS}; {@link #unavailableReason()} says when not.
 */
public final class AfXdpDevice implements NetworkDevice {
    /** How long {@link #open} waits for a queue another socket just released (EBUSY until the kernel unbinds it). */
    static final long BUSY_RETRY_MILLIS = 3_000;
    /** The calling thread's own network namespace. */
    private static final String THREAD_NAMESPACE = "/proc/thread-self/ns/net";

    private static final int SOL_XDP = 283;
    private static final int XDP_STATISTICS = 7;
    private static final long DESCRIPTOR_BYTES = 16;
    private static final long ADDRESS_BYTES = 8;
    private static final int MIN_FRAME = 14;

    private final AfXdpConfig config;
    private final String name;
    private final long mac;
    private final int mtu;
    private final int maxFrame;
    private final int chunkBytes;
    private final Arena arena;
    private final MemorySegment socket;
    private final MemorySegment umemHandle;
    private final int fd;
    /** A descriptor of the network namespace the socket was opened in, or -1; {@link #close()} goes back there. */
    private final int namespaceFd;
    private final MemorySegment callState;
    private final XskRing fill;
    private final XskRing completion;
    private final XskRing rx;
    private final XskRing tx;
    private final UmemBufferPool pool;
    private final PacketBuffer[] lent;
    private final int fillTarget;
    private final LinkStatistics statistics = new LinkStatistics();
    private int receiveLent;
    private int transmitLent;
    private long copiedFrames;
    private long kicks;
    private boolean closed;

    private AfXdpDevice(AfXdpConfig config, long mac, int mtu, Arena arena, MemorySegment umem,
                        MemorySegment umemHandle, MemorySegment socket, MemorySegment[] rings) {
        this.config = config;
        this.name = "afxdp:" + config.interfaceName() + "/" + config.queue();
        this.mac = mac;
        this.mtu = mtu;
        this.maxFrame = mtu + FdFrameChannel.LINK_OVERHEAD;
        this.chunkBytes = config.chunkBytes();
        this.arena = arena;
        this.umemHandle = umemHandle;
        this.socket = socket;
        this.fd = LibXdp.socketFd(socket);
        this.callState = LibC.newCallState(arena);
        this.namespaceFd = LibC.open(callState, arena.allocateFrom(THREAD_NAMESPACE), LibC.O_RDONLY | LibC.O_CLOEXEC);
        this.fill = new XskRing(rings[0], ADDRESS_BYTES);
        this.completion = new XskRing(rings[1], ADDRESS_BYTES);
        this.rx = new XskRing(rings[2], DESCRIPTOR_BYTES);
        this.tx = new XskRing(rings[3], DESCRIPTOR_BYTES);
        this.pool = new UmemBufferPool(name, umem, config.chunks(), chunkBytes, LibXdp.XDP_PACKET_HEADROOM);
        this.lent = new PacketBuffer[config.chunks()];
        this.fillTarget = Math.min(fill.size(), config.chunks() / 2);
        refill();
    }

    /** Null when AF_XDP devices can be opened here as far as this JVM can tell; otherwise the reason. */
    public static String unavailableReason() {
        return LibXdp.AVAILABLE ? null : LibXdp.PROBLEM;
    }

    /**
     * Opens an AF_XDP socket on {@code config.interfaceName()} queue {@code config.queue()} in the calling
     * thread's network namespace, loading libxdp's XDP program on the interface.
     *
     * @throws IllegalStateException if libxdp is missing
     * @throws LinuxCallException    if a call fails (no such interface, no permission, no XDP support)
     */
    public static AfXdpDevice open(AfXdpConfig config) {
        Objects.requireNonNull(config, "config");
        if (!LibXdp.AVAILABLE) {
            throw new IllegalStateException(LibXdp.PROBLEM);
        }
        String interfaceName = config.interfaceName();
        String what = "opening an AF_XDP socket on '" + interfaceName + "' queue " + config.queue();
        long interfaceMac;
        int interfaceMtu;
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment state = LibC.newCallState(temporary);
            int control = LibC.check(LibC.socket(state, LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), state,
                    "socket(AF_INET, SOCK_DGRAM)", what);
            try {
                InterfaceRequest request = new InterfaceRequest(temporary, interfaceName);
                LibC.check(LibC.ioctl(state, control, LibC.SIOCGIFMTU, request.segment()), state, "ioctl(SIOCGIFMTU)",
                        what);
                interfaceMtu = request.mtu();
                request.name(interfaceName);
                LibC.check(LibC.ioctl(state, control, LibC.SIOCGIFHWADDR, request.segment()), state,
                        "ioctl(SIOCGIFHWADDR)", what);
                interfaceMac = request.hardwareAddress();
            } finally {
                LibC.close(state, control);
            }
        }
        int mtu = config.mtu() == AfXdpConfig.INTERFACE_MTU ? interfaceMtu : config.mtu();
        if (mtu > interfaceMtu) {
            throw new IllegalArgumentException(what + ": MTU " + mtu + " exceeds the interface's " + interfaceMtu);
        }
        if (mtu + FdFrameChannel.LINK_OVERHEAD > config.chunkBytes() - LibXdp.XDP_PACKET_HEADROOM) {
            throw new IllegalArgumentException(what + ": MTU " + mtu + " does not fit a " + config.chunkBytes()
                    + "-byte chunk after the kernel's " + LibXdp.XDP_PACKET_HEADROOM + "-byte headroom");
        }
        long mac = config.mac() == AfXdpConfig.INTERFACE_MAC ? interfaceMac : config.mac();

        Arena arena = Arena.ofShared();
        MemorySegment umemHandle = MemorySegment.NULL;
        try {
            long umemBytes = (long) config.chunks() * config.chunkBytes();
            MemorySegment umem = arena.allocate(umemBytes, 4096);
            MemorySegment[] rings = new MemorySegment[4];
            for (int i = 0; i < rings.length; i++) {
                rings[i] = arena.allocate(LibXdp.RING);
            }
            MemorySegment umemConfig = arena.allocate(LibXdp.UMEM_CONFIG);
            umemConfig.set(JAVA_INT, 0, config.ringSize());  // fill_size
            umemConfig.set(JAVA_INT, 4, config.ringSize());  // comp_size
            umemConfig.set(JAVA_INT, 8, config.chunkBytes()); // frame_size
            MemorySegment umemOut = arena.allocate(ADDRESS);
            int rc = LibXdp.umemCreate(umemOut, umem, umemBytes, rings[0], rings[1], umemConfig);
            if (rc < 0) {
                throw new LinuxCallException("xsk_umem__create", -rc, what);
            }
            umemHandle = umemOut.get(ADDRESS, 0);
            MemorySegment socketConfig = arena.allocate(LibXdp.SOCKET_CONFIG);
            socketConfig.set(JAVA_INT, 0, config.ringSize()); // rx_size
            socketConfig.set(JAVA_INT, 4, config.ringSize()); // tx_size
            socketConfig.set(JAVA_INT, 12, config.driverMode() ? LibXdp.XDP_FLAGS_DRV_MODE : LibXdp.XDP_FLAGS_SKB_MODE);
            socketConfig.set(JAVA_SHORT, 16, (short) (LibXdp.XDP_COPY | LibXdp.XDP_USE_NEED_WAKEUP));
            MemorySegment socketOut = arena.allocate(ADDRESS);
            MemorySegment name = arena.allocateFrom(interfaceName);
            rc = LibXdp.socketCreate(socketOut, name, config.queue(), umemHandle, rings[2], rings[3], socketConfig);
            // A socket closed just before on the same queue is unbound by the kernel a little later (its release runs
            // deferred), and until then the queue answers EBUSY: wait for it, up to BUSY_RETRY_MILLIS.
            for (long waited = 0; rc == -LibC.EBUSY && waited < BUSY_RETRY_MILLIS; waited += 20) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                rc = LibXdp.socketCreate(socketOut, name, config.queue(), umemHandle, rings[2], rings[3], socketConfig);
            }
            if (rc < 0) {
                throw new LinuxCallException("xsk_socket__create", -rc, what);
            }
            return new AfXdpDevice(config, mac, mtu, arena, umem, umemHandle, socketOut.get(ADDRESS, 0), rings);
        } catch (RuntimeException e) {
            if (!umemHandle.equals(MemorySegment.NULL)) {
                LibXdp.umemDelete(umemHandle);
            }
            arena.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ the hot path

    @Override
    public int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        reclaimCompletions();
        int n = rx.peek(into.freeSpace());
        int received = 0;
        long now = 0;
        MemorySegment entries = rx.entries();
        int position = rx.consumerPosition();
        for (int i = 0; i < n; i++) {
            long at = rx.offset(position + i);
            long address = entries.get(JAVA_LONG, at);
            int length = entries.get(JAVA_INT, at + 8);
            int chunk = (int) (address / chunkBytes);
            int offset = (int) (address % chunkBytes);
            PacketBuffer frame = chunk >= 0 && chunk < lent.length ? lent[chunk] : null;
            if (frame == null) {
                statistics.recordRxError(); // the kernel named a chunk it does not hold: never expected
                continue;
            }
            lent[chunk] = null;
            receiveLent--;
            if (length < MIN_FRAME || length > maxFrame || offset > chunkBytes - length) {
                statistics.recordRxError();
                frame.release();
                continue;
            }
            frame.reset(offset);
            frame.append(length);
            if (received == 0) {
                now = System.nanoTime();
            }
            frame.timestamp(now);
            statistics.recordRx(length);
            into.add(frame);
            received++;
        }
        if (n > 0) {
            rx.release(n);
        }
        refill();
        if (transmitLent > 0 && tx.needsWakeup()) {
            kick(); // frames wait in the tx ring for a wakeup that no transmit may come to give
        }
        return received;
    }

    @Override
    public int transmit(PacketBurst from) {
        if (closed) {
            return 0;
        }
        reclaimCompletions();
        int count = from.count();
        int free = tx.free(count);
        MemorySegment entries = tx.entries();
        int position = tx.producerPosition();
        int taken = 0;
        int published = 0;
        while (taken < count && published < free) {
            PacketBuffer frame = from.get(taken);
            int length = frame.frameLength();
            if (length < MIN_FRAME || length > maxFrame) {
                statistics.recordTxError();
                frame.release();
                taken++;
                continue;
            }
            PacketBuffer chunk = frame;
            if (!pool.owns(frame) || lent[frame.index()] != null) {
                chunk = pool.allocate();
                if (chunk == null) {
                    break; // every chunk is out: back-pressure
                }
                for (PacketBuffer s = frame; s != null; s = s.next()) {
                    int at = chunk.append(s.length());
                    MemorySegment.copy(s.segment(), s.start(), chunk.segment(), at, s.length());
                }
                frame.release();
                copiedFrames++;
            }
            long at = tx.offset(position + published);
            entries.set(JAVA_LONG, at, (long) chunk.index() * chunkBytes + chunk.start());
            entries.set(JAVA_INT, at + 8, length);
            entries.set(JAVA_INT, at + 12, 0);
            lent[chunk.index()] = chunk;
            transmitLent++;
            statistics.recordTx(length);
            published++;
            taken++;
        }
        if (published > 0) {
            tx.produced(published);
            tx.submit();
            kick();
        }
        from.removeFirst(taken);
        return taken;
    }

    /** Asks the kernel to send what the tx ring holds (copy mode sends from within this call). */
    private void kick() {
        kicks++;
        long rc = LibC.sendto(callState, fd, 0, 0, LibC.MSG_DONTWAIT, 0, 0);
        if (rc < 0) {
            int errno = LibC.errno(callState);
            if (errno != LibC.EAGAIN && errno != LibC.EBUSY && errno != LibC.ENOBUFS && errno != LibC.EINTR) {
                statistics.recordTxError();
            }
        }
    }

    /** Takes transmitted chunks back from the completion ring. */
    private void reclaimCompletions() {
        int n = completion.peek(Integer.MAX_VALUE);
        if (n == 0) {
            return;
        }
        MemorySegment entries = completion.entries();
        int position = completion.consumerPosition();
        for (int i = 0; i < n; i++) {
            long address = entries.get(JAVA_LONG, completion.offset(position + i));
            int chunk = (int) (address / chunkBytes);
            if (chunk >= 0 && chunk < lent.length && lent[chunk] != null) {
                PacketBuffer buffer = lent[chunk];
                lent[chunk] = null;
                transmitLent--;
                buffer.release();
            }
        }
        completion.release(n);
    }

    /** Lends free chunks to the kernel until {@code fillTarget} of them wait to receive a frame. */
    private void refill() {
        int wanted = fillTarget - receiveLent;
        if (wanted <= 0) {
            return;
        }
        int free = fill.free(wanted);
        int n = Math.min(wanted, free);
        MemorySegment entries = fill.entries();
        int position = fill.producerPosition();
        int lentNow = 0;
        for (; lentNow < n; lentNow++) {
            PacketBuffer chunk = pool.allocate();
            if (chunk == null) {
                break;
            }
            lent[chunk.index()] = chunk;
            receiveLent++;
            entries.set(JAVA_LONG, fill.offset(position + lentNow), (long) chunk.index() * chunkBytes);
        }
        if (lentNow > 0) {
            fill.produced(lentNow);
            fill.submit();
            if (fill.needsWakeup()) {
                LibC.recvfrom(callState, fd, 0, 0, LibC.MSG_DONTWAIT, 0, 0);
            }
        }
    }

    // ------------------------------------------------------------------ the rest

    @Override
    public BufferPool pool() {
        return pool;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    @Override
    public LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public String name() {
        return name;
    }

    /** Frames copied into a chunk because they were not a free single chunk of this pool. */
    public long copiedFrames() {
        return copiedFrames;
    }

    /** Transmit wakeups ({@code sendto}) made. */
    public long kicks() {
        return kicks;
    }

    /**
     * The kernel's counters for this socket ({@code getsockopt(SOL_XDP, XDP_STATISTICS)}): rx dropped, rx
     * invalid descriptors, tx invalid descriptors, rx ring full, fill ring empty, tx ring empty. Cold path.
     */
    public String kernelStatistics() {
        if (closed) {
            return "closed";
        }
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment values = temporary.allocate(JAVA_LONG, 6);
            MemorySegment length = temporary.allocateFrom(JAVA_INT, (int) values.byteSize());
            if (LibC.getsockopt(callState, fd, SOL_XDP, XDP_STATISTICS, values, length) < 0) {
                return "unavailable: " + LibC.strerror(LibC.errno(callState));
            }
            return "rx_dropped " + values.getAtIndex(JAVA_LONG, 0) + ", rx_invalid " + values.getAtIndex(JAVA_LONG, 1)
                    + ", tx_invalid " + values.getAtIndex(JAVA_LONG, 2) + ", rx_ring_full "
                    + values.getAtIndex(JAVA_LONG, 3) + ", fill_ring_empty " + values.getAtIndex(JAVA_LONG, 4)
                    + ", tx_ring_empty " + values.getAtIndex(JAVA_LONG, 5);
        }
    }

    /**
     * Deletes the socket (libxdp removes its XDP program from the interface when no socket uses it) and the
     * UMEM, and frees the chunks. Buffers the stack still holds become unusable: close the stack first.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // libxdp detaches its XDP program through netlink by interface index, in the namespace of the calling thread:
        // from another namespace the program would stay on the interface (the next socket on the queue then meets
        // EBUSY) and an unrelated interface with the same index would be asked instead. So delete in the namespace
        // the socket was opened in.
        if (namespaceFd >= 0) {
            try {
                NetNamespace.callIn("/proc/self/fd/" + namespaceFd, () -> {
                    LibXdp.socketDelete(socket);
                    LibXdp.umemDelete(umemHandle);
                    return null;
                });
            } finally {
                LibC.closeQuietly(callState, namespaceFd);
            }
        } else {
            LibXdp.socketDelete(socket);
            LibXdp.umemDelete(umemHandle);
        }
        for (int i = 0; i < lent.length; i++) {
            if (lent[i] != null) {
                PacketBuffer buffer = lent[i];
                lent[i] = null;
                buffer.release();
            }
        }
        receiveLent = 0;
        transmitLent = 0;
        arena.close();
    }

    @Override
    public String toString() {
        return "AfXdpDevice[" + name + " " + MacAddress.format(mac) + ", mtu " + mtu + ", " + receiveLent + " chunks lent for receive, "
                + transmitLent + " in transmit, " + statistics + "]";
    }
}
