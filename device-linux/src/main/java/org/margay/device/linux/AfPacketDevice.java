package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.MacAddress;

/**
 * An existing Linux interface (a veth end, a NIC) driven through an AF_PACKET raw socket: every frame the
 * interface receives is read by Margay, and Margay's frames are handed to the interface's driver. The kernel's
 * own stack still sees the interface, so give it no IPv4 address on the subnet Margay uses.
 *
 * <h2>Opening</h2>
 * {@link #open(AfPacketConfig)}: {@code socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0)} (protocol 0 receives
 * nothing until bound, so no frame from another interface slips in), {@code if_nametoindex}, the interface's
 * MTU and MAC ({@code SIOCGIFMTU}, {@code SIOCGIFHWADDR}), {@code PACKET_IGNORE_OUTGOING} when the kernel has
 * it (4.20+), bigger socket buffers, promiscuous membership if asked, then {@code bind} to
 * {@code htons(ETH_P_ALL)} on that ifindex. Like a TAP, the socket belongs to the network namespace of the
 * thread that opens it ({@link NetNamespace}).
 *
 * <h2>Frames</h2>
 * The simple copy path: one {@code recvfrom} per received frame (its {@code sll_pkttype} drops the host's own
 * outgoing frames where {@code PACKET_IGNORE_OUTGOING} is missing, and {@code MSG_TRUNC} exposes oversized
 * ones) and one {@code write} per transmitted frame. A {@code PACKET_MMAP} ring (TPACKET_V3) would save a
 * system call per frame; it is not done yet.
 *
 * <p><b>Offloads:</b> none. On a veth the peer's TCP/UDP checksums arrive unfilled (checksum offload passes
 * {@code CHECKSUM_PARTIAL} frames through) and TSO/GRO merge segments beyond the MTU, so switch them off on
 * both ends: {@code ethtool -K DEV tx off rx off tso off gso off gro off}.
 *
 * <p>Single-threaded; needs root or {@code CAP_NET_RAW}.
 */
public final class AfPacketDevice implements NetworkDevice {
    private final AfPacketConfig config;
    private final int ifindex;
    private final long mac;
    private final long interfaceMac;
    private final int mtu;
    private final boolean ignoresOutgoingInKernel;
    private final BufferPool pool;
    private final LinkStatistics statistics = new LinkStatistics();
    private final FdFrameChannel channel;
    private boolean closed;

    private AfPacketDevice(AfPacketConfig config, int fd, int ifindex, long interfaceMac, int mtu,
                           boolean ignoresOutgoingInKernel, BufferPool pool) {
        this.config = config;
        this.ifindex = ifindex;
        this.interfaceMac = interfaceMac;
        this.mac = config.mac() == AfPacketConfig.INTERFACE_MAC ? interfaceMac : config.mac();
        this.mtu = mtu;
        this.ignoresOutgoingInKernel = ignoresOutgoingInKernel;
        this.pool = pool;
        this.channel = new FdFrameChannel("afpacket:" + config.interfaceName(), fd, pool, statistics, mtu, true);
    }

    /**
     * Opens a packet socket on {@code config.interfaceName()} in the calling thread's network namespace.
     *
     * @throws LinuxCallException when a call fails (no such interface, no permission)
     * @throws IllegalArgumentException when the configured MTU exceeds the interface's
     */
    public static AfPacketDevice open(AfPacketConfig config) {
        return open(config, true);
    }

    /** As {@link #open(AfPacketConfig)}; tests pass false to exercise the user-space outgoing filter. */
    static AfPacketDevice open(AfPacketConfig config, boolean askKernelToIgnoreOutgoing) {
        Objects.requireNonNull(config, "config");
        String name = config.interfaceName();
        String what = "opening a packet socket on '" + name + "'";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.newCallState(arena);
            int fd = LibC.check(LibC.socket(state, LibC.AF_PACKET,
                    LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0), state,
                    "socket(AF_PACKET, SOCK_RAW)", what);
            try {
                int ifindex = LibC.ifNameToIndex(state, arena.allocateFrom(name));
                if (ifindex == 0) {
                    throw new LinuxCallException("if_nametoindex(" + name + ")", LibC.errno(state), what);
                }
                InterfaceRequest request = new InterfaceRequest(arena, name);
                LibC.check(LibC.ioctl(state, fd, LibC.SIOCGIFMTU, request.segment()), state, "ioctl(SIOCGIFMTU)", what);
                int interfaceMtu = request.mtu();
                request.name(name);
                LibC.check(LibC.ioctl(state, fd, LibC.SIOCGIFHWADDR, request.segment()), state,
                        "ioctl(SIOCGIFHWADDR)", what);
                long interfaceMac = request.hardwareAddress();
                int mtu = config.mtu() == AfPacketConfig.INTERFACE_MTU ? interfaceMtu : config.mtu();
                if (mtu > interfaceMtu) {
                    throw new IllegalArgumentException(what + ": MTU " + mtu + " exceeds the interface's " + interfaceMtu
                            + " (the kernel would refuse the larger frames with EMSGSIZE)");
                }
                DeviceDefaults.checkMtu(mtu);
                if (config.mac() == AfPacketConfig.INTERFACE_MAC && interfaceMac == 0) {
                    throw new IllegalArgumentException(what + ": the interface has no MAC address; configure one");
                }

                MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
                boolean ignoresOutgoing = askKernelToIgnoreOutgoing && LibC.setsockopt(state, fd, LibC.SOL_PACKET,
                        LibC.PACKET_IGNORE_OUTGOING, one, 4) == 0;
                if (config.socketBufferBytes() > 0) {
                    MemorySegment size = arena.allocateFrom(JAVA_INT, config.socketBufferBytes());
                    setBuffer(state, fd, LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, size, what);
                    setBuffer(state, fd, LibC.SO_SNDBUFFORCE, LibC.SO_SNDBUF, size, what);
                }
                if (config.promiscuous()) {
                    MemorySegment mreq = arena.allocate(PacketSocketLayouts.PACKET_MREQ);
                    mreq.set(JAVA_INT, PacketSocketLayouts.MR_IFINDEX, ifindex);
                    mreq.set(JAVA_SHORT, PacketSocketLayouts.MR_TYPE, (short) LibC.PACKET_MR_PROMISC);
                    LibC.check(LibC.setsockopt(state, fd, LibC.SOL_PACKET, LibC.PACKET_ADD_MEMBERSHIP, mreq,
                            (int) mreq.byteSize()), state, "setsockopt(PACKET_ADD_MEMBERSHIP PROMISC)", what);
                }
                MemorySegment address = arena.allocate(PacketSocketLayouts.SOCKADDR_LL);
                address.set(JAVA_SHORT, PacketSocketLayouts.SLL_FAMILY, (short) LibC.AF_PACKET);
                address.set(JAVA_SHORT.withOrder(java.nio.ByteOrder.BIG_ENDIAN), PacketSocketLayouts.SLL_PROTOCOL,
                        (short) LibC.ETH_P_ALL);
                address.set(JAVA_INT, PacketSocketLayouts.SLL_IFINDEX, ifindex);
                LibC.check(LibC.bind(state, fd, address, (int) address.byteSize()), state, "bind(ETH_P_ALL, ifindex "
                        + ifindex + ")", what);

                BufferPool pool = new ArenaBufferPool("afpacket:" + name, config.poolCapacity(),
                        DeviceDefaults.bufferSize(config.headroom(), mtu), config.headroom());
                return new AfPacketDevice(config, fd, ifindex, interfaceMac, mtu, ignoresOutgoing, pool);
            } catch (RuntimeException e) {
                LibC.closeQuietly(state, fd);
                throw e;
            }
        }
    }

    /** Sets a socket buffer size: the FORCE option (root may exceed the sysctl limit) or else the plain one. */
    private static void setBuffer(MemorySegment state, int fd, int forced, int plain, MemorySegment size, String what) {
        if (LibC.setsockopt(state, fd, LibC.SOL_SOCKET, forced, size, 4) == 0) {
            return;
        }
        LibC.check(LibC.setsockopt(state, fd, LibC.SOL_SOCKET, plain, size, 4), state,
                "setsockopt(SOL_SOCKET, buffer size)", what);
    }

    /** The interface's index in its namespace. */
    public int interfaceIndex() {
        return ifindex;
    }

    /** The interface's own MAC (equal to {@link #macAddress()} unless the config chose another). */
    public long interfaceMac() {
        return interfaceMac;
    }

    /** Whether the kernel drops the host's outgoing frames for this socket ({@code PACKET_IGNORE_OUTGOING}). */
    public boolean ignoresOutgoingInKernel() {
        return ignoresOutgoingInKernel;
    }

    /** Frames skipped in user space because the host sent them (kernels without PACKET_IGNORE_OUTGOING). */
    public long ignoredOutgoingFrames() {
        return channel.ignoredOutgoing();
    }

    /** The configuration the device was opened with. */
    public AfPacketConfig config() {
        return config;
    }

    @Override
    public int receive(PacketBurst into) {
        return channel.receive(into);
    }

    @Override
    public int transmit(PacketBurst from) {
        return channel.transmit(from);
    }

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
        return "afpacket:" + config.interfaceName();
    }

    /** Closes the socket (the kernel drops the promiscuous membership) and the pool. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        channel.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "AfPacketDevice[" + config.interfaceName() + " #" + ifindex + " " + MacAddress.format(mac) + ", mtu "
                + mtu + ", " + statistics + "]";
    }
}
