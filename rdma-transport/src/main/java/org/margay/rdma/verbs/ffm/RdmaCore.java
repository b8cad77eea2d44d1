package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.Verbs;

/**
 * The entry to rdma-core: whether its libraries and Margay's shim are loaded, which devices the kernel offers, and
 * {@link #open} to get {@link Verbs} on one of them. When something is missing, the {@link RdmaUnavailableException}
 * says exactly what — a library, the shim, or (the common case on machines without an RDMA NIC) any device, with
 * what the machine shows about why.
 */
public final class RdmaCore {
    private RdmaCore() {
    }

    /** Whether libibverbs, librdmacm and the shim are loaded. */
    public static boolean librariesLoaded() {
        return RdmaLibraries.available();
    }

    /** What is missing among the libraries and the shim, or null. */
    public static String missingLibraries() {
        return RdmaLibraries.missing();
    }

    /**
     * The names of the RDMA devices the kernel offers ({@code ibv_get_device_list}).
     *
     * @throws RdmaUnavailableException when the libraries are missing, or there is no device (the message says why)
     */
    public static List<String> deviceNames() {
        requireLibraries();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Ibv.CAPTURE_LAYOUT);
            MemorySegment num = arena.allocate(JAVA_INT);
            MemorySegment list = Ibv.getDeviceList(state, num);
            if (list.equals(MemorySegment.NULL)) {
                throw new RdmaUnavailableException(noDevice(Ibv.errno(state)));
            }
            try {
                int n = num.get(JAVA_INT, 0);
                if (n == 0) {
                    throw new RdmaUnavailableException(noDevice(0));
                }
                MemorySegment devices = list.reinterpret(ADDRESS.byteSize() * n);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    names.add(Ibv.deviceName(devices.getAtIndex(ADDRESS, i)));
                }
                return names;
            } finally {
                Ibv.freeDeviceList(list);
            }
        }
    }

    /**
     * Opens device {@code name} (null: the first) through librdmacm's context for it, so that its protection
     * domains, regions and queue pairs can be used with connection-manager ids.
     *
     * @throws RdmaUnavailableException when the libraries, the shim or the device are missing
     */
    public static Verbs open(String name) {
        List<String> names = deviceNames();
        String chosen = name == null ? names.get(0) : name;
        if (!names.contains(chosen)) {
            throw new RdmaUnavailableException("no RDMA device named " + chosen + " (the kernel offers " + names + ")");
        }
        return FfmVerbs.open(chosen);
    }

    private static void requireLibraries() {
        if (!RdmaLibraries.available()) {
            throw new RdmaUnavailableException("rdma-core cannot be used: " + RdmaLibraries.missing());
        }
        if (Ibv.shimVersion() != 1) {
            throw new RdmaUnavailableException("Margay's rdma-core shim is stale (version " + Ibv.shimVersion()
                    + ", expected 1): rebuild it (./mvnw -pl rdma-transport install)");
        }
    }

    /**
     * Why {@code ibv_get_device_list} found no device, from its errno and what the machine shows: whether the kernel
     * has an RDMA core at all, whether devices or character devices exist, and whether soft devices could be loaded.
     */
    static String noDevice(int errno) {
        StringBuilder sb = new StringBuilder("no RDMA device: ");
        boolean sysClass = Files.isDirectory(Path.of("/sys/class/infiniband"));
        boolean ibCore = Files.isDirectory(Path.of("/sys/module/ib_core"));
        boolean modules = Files.isDirectory(Path.of("/lib/modules/" + System.getProperty("os.version", "")));
        boolean rxe = Files.isDirectory(Path.of("/sys/module/rdma_rxe"));
        boolean siw = Files.isDirectory(Path.of("/sys/module/siw"));
        if (errno == Errno.ENOSYS || !ibCore && !sysClass) {
            sb.append("the kernel has no RDMA support");
            sb.append(rxe || siw ? "" : " (rxe/siw unavailable");
            if (!rxe && !siw) {
                sb.append(modules ? ": the rdma_rxe and siw modules are not loaded)" : ": no loadable kernel modules on this machine)");
            }
        } else {
            sb.append("the kernel's RDMA core (ib_core) is loaded but offers no device");
            sb.append(rxe || siw ? "" : " (no NIC driver, and no soft device: rxe/siw unavailable)");
        }
        sb.append(". ibv_get_device_list found none");
        if (errno != 0) {
            sb.append(" (errno ").append(errno).append(' ').append(Errno.name(errno)).append(')');
        }
        sb.append("; /sys/class/infiniband ").append(sysClass ? "exists" : "is absent");
        sb.append(", /dev/infiniband ").append(Files.isDirectory(Path.of("/dev/infiniband")) ? "exists" : "is absent");
        sb.append(". Use a machine with an RDMA NIC, or a kernel with rdma_rxe/siw (rdma link add rxe0 type rxe netdev eth0),"
                + " or the in-process device (rdma.device=inproc:NAME).");
        return sb.toString();
    }
}
