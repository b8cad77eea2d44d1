package org.margay.device.linux;

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
 * A Linux TAP interface as a {@link NetworkDevice}: Margay sits on the user side of {@code /dev/net/tun}, the
 * kernel's network stack on the interface side, so the kernel is Margay's peer on a point-to-point Ethernet
 * link.
 *
 * <h2>Opening</h2>
 * {@link #open(TapConfig)} opens {@code /dev/net/tun}, attaches it with {@code ioctl(TUNSETIFF)} to the
 * interface named in the config ({@code IFF_TAP | IFF_NO_PI}: whole Ethernet frames, no packet-information
 * prefix; the kernel creates the interface if it does not exist), makes the descriptor non-blocking
 * ({@code fcntl O_NONBLOCK}) and, when asked, sets the kernel side's MTU and brings it up. The interface is
 * not persistent: it disappears when the device closes. Addresses on the kernel side are left to
 * {@code ip addr add}.
 *
 * <p>The interface is created in the network namespace of the <em>thread</em> that opens it, and the
 * descriptor stays bound to that namespace. To put it in a named namespace, open it inside
 * {@link NetNamespace#callIn(String, java.util.concurrent.Callable)}.
 *
 * <h2>Frames</h2>
 * One {@code read} per received frame and one {@code write} per transmitted frame, on the polling thread
 * ({@link FdFrameChannel}). No checksum offload: the kernel hands over complete checksums (the TAP is opened
 * without {@code IFF_VNET_HDR}) and expects them, so {@link #capabilities()} is
 * {@link DeviceCapabilities#NONE}.
 *
 * <p>Single-threaded like every device; {@link #statistics()} may be read anywhere. Needs root or
 * {@code CAP_NET_ADMIN}.
 */
public final class TapDevice implements NetworkDevice {
    private static final String TUN_PATH = "/dev/net/tun";

    private final TapConfig config;
    private final String interfaceName;
    private final long kernelMac;
    private final BufferPool pool;
    private final LinkStatistics statistics = new LinkStatistics();
    private final FdFrameChannel channel;
    private boolean closed;

    private TapDevice(TapConfig config, String interfaceName, long kernelMac, int fd, BufferPool pool) {
        this.config = config;
        this.interfaceName = interfaceName;
        this.kernelMac = kernelMac;
        this.pool = pool;
        this.channel = new FdFrameChannel("tap:" + interfaceName, fd, pool, statistics, config.mtu(), false);
    }

    /**
     * Opens (and creates if needed) the TAP interface {@code config.interfaceName()} in the calling thread's
     * network namespace.
     *
     * @throws LinuxCallException when a call fails: no {@code /dev/net/tun} (the tun module), no permission,
     *                            the interface busy (another process holds it) or not a TAP
     */
    public static TapDevice open(TapConfig config) {
        Objects.requireNonNull(config, "config");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.newCallState(arena);
            String what = "opening TAP interface '" + config.interfaceName() + "'";
            int fd = LibC.open(state, arena.allocateFrom(TUN_PATH), LibC.O_RDWR | LibC.O_CLOEXEC);
            if (fd < 0) {
                int errno = LibC.errno(state);
                throw new LinuxCallException("open(" + TUN_PATH + ")", errno,
                        what + (errno == LibC.ENOENT ? " (no " + TUN_PATH + ": load the tun module)" : ""));
            }
            try {
                InterfaceRequest request = new InterfaceRequest(arena, config.interfaceName());
                request.flags((short) (LibC.IFF_TAP | LibC.IFF_NO_PI));
                if (LibC.ioctl(state, fd, LibC.TUNSETIFF, request.segment()) < 0) {
                    int errno = LibC.errno(state);
                    throw new LinuxCallException("ioctl(TUNSETIFF)", errno, what + (switch (errno) {
                        case LibC.EBUSY -> " (another process holds it)";
                        case LibC.EINVAL -> " (an interface of that name exists and is not a TAP)";
                        default -> "";
                    }));
                }
                String name = request.name();
                int flags = LibC.check(LibC.fcntl(state, fd, LibC.F_GETFL, 0), state, "fcntl(F_GETFL)", what);
                LibC.check(LibC.fcntl(state, fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK), state,
                        "fcntl(F_SETFL, O_NONBLOCK)", what);
                long kernelMac = configureKernelSide(arena, state, name, config);
                BufferPool pool = new ArenaBufferPool("tap:" + name, config.poolCapacity(), config.bufferSize(),
                        config.headroom());
                return new TapDevice(config, name, kernelMac, fd, pool);
            } catch (RuntimeException e) {
                LibC.closeQuietly(state, fd);
                throw e;
            }
        }
    }

    /** Reads the kernel side's MAC and, when configured, sets its MTU and brings it up; returns the MAC. */
    private static long configureKernelSide(Arena arena, MemorySegment state, String name, TapConfig config) {
        String what = "configuring TAP interface '" + name + "'";
        int control = LibC.check(LibC.socket(state, LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), state,
                "socket(AF_INET, SOCK_DGRAM)", what);
        try {
            InterfaceRequest request = new InterfaceRequest(arena, name);
            LibC.check(LibC.ioctl(state, control, LibC.SIOCGIFHWADDR, request.segment()), state,
                    "ioctl(SIOCGIFHWADDR)", what);
            long mac = request.hardwareAddress();
            if (config.bringUp()) {
                request.name(name);
                request.mtu(config.mtu());
                LibC.check(LibC.ioctl(state, control, LibC.SIOCSIFMTU, request.segment()), state,
                        "ioctl(SIOCSIFMTU " + config.mtu() + ")", what);
                LibC.check(LibC.ioctl(state, control, LibC.SIOCGIFFLAGS, request.segment()), state,
                        "ioctl(SIOCGIFFLAGS)", what);
                request.flags((short) (request.flags() | LibC.IFF_UP));
                LibC.check(LibC.ioctl(state, control, LibC.SIOCSIFFLAGS, request.segment()), state,
                        "ioctl(SIOCSIFFLAGS IFF_UP)", what);
            }
            return mac;
        } finally {
            LibC.close(state, control);
        }
    }

    /** The interface's name as the kernel knows it (a {@code %d} template resolved). */
    public String interfaceName() {
        return interfaceName;
    }

    /** The kernel side's own MAC address (what Linux puts in the frames it sends to Margay). */
    public long kernelMac() {
        return kernelMac;
    }

    /** The configuration the device was opened with. */
    public TapConfig config() {
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
        return config.mac();
    }

    @Override
    public int mtu() {
        return config.mtu();
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
        return "tap:" + interfaceName;
    }

    /**
     * Closes the descriptor (the kernel removes the interface) and the pool. Buffers the stack still holds
     * become unusable, so close the stack first. Idempotent.
     */
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
        return "TapDevice[" + interfaceName + " " + MacAddress.format(config.mac()) + " (kernel side "
                + MacAddress.format(kernelMac) + "), mtu " + config.mtu() + ", " + statistics + "]";
    }
}
