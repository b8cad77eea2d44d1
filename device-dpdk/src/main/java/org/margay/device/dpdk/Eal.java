package org.margay.device.dpdk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * DPDK's Environment Abstraction Layer, started once per JVM (DPDK allows one {@code rte_eal_init} per
 * process; a second returns -EALREADY even after cleanup).
 *
 * <h2>Arguments</h2>
 * {@link #defaultArguments()} picks what works on a machine like Margay's CI: without reserved hugepages
 * {@code -l <cpu> --no-huge --no-pci -m 256 --no-shconf}; with free hugepages {@code --in-memory --no-pci}
 * (no hugetlbfs mount, no files left behind). The system property {@value #ARGS_PROPERTY} replaces them
 * (space-separated), and {@link #init(List)} takes explicit ones.
 *
 * <h2>Threads</h2>
 * {@code rte_eal_init} pins the calling thread to the {@code -l} CPU, and threads that thread starts
 * inherit the mask. Margay therefore runs it on a short-lived thread of its own, so no application thread
 * is pinned by accident. Threads that later poll ports register with DPDK ({@code rte_thread_register}) the
 * first time they do, which gives them a mempool cache.
 */
public final class Eal {
    /** System property with the EAL arguments to use instead of the defaults. */
    public static final String ARGS_PROPERTY = "margay.dpdk.eal";

    private static final AtomicReference<List<String>> STARTED = new AtomicReference<>();
    private static MbufLayout layout;
    private static String failure;

    private Eal() {
    }

    /** Whether the shim is loaded (DPDK can be tried); see {@link #unavailableReason()}. */
    public static boolean shimAvailable() {
        return DpdkShim.available();
    }

    /** Why DPDK cannot be used here, or null when the shim is loaded. */
    public static String unavailableReason() {
        return DpdkShim.unavailableReason();
    }

    /** Starts the EAL with the {@link #defaultArguments() default} or configured arguments, if not yet started. */
    public static synchronized void init() {
        if (STARTED.get() != null) {
            return;
        }
        String configured = System.getProperty(ARGS_PROPERTY);
        init(configured == null || configured.isBlank() ? defaultArguments() : Arrays.asList(configured.trim().split("\\s+")));
    }

    /**
     * Starts the EAL with {@code args} (without the program name). Calling it again with the same arguments
     * does nothing; with others it throws, since DPDK cannot restart.
     *
     * @throws DpdkUnavailableException when the shim is missing or {@code rte_eal_init} fails (with DPDK's reason)
     */
    public static synchronized void init(List<String> args) {
        DpdkShim.require();
        List<String> started = STARTED.get();
        if (started != null) {
            if (!started.equals(args)) {
                throw new IllegalStateException("the DPDK EAL is already running with " + started
                        + "; it starts once per process and cannot take " + args);
            }
            return;
        }
        if (failure != null) {
            throw new DpdkUnavailableException("the DPDK EAL failed to start earlier in this process: " + failure);
        }
        checkAbi();
        int[] rc = new int[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                rc[0] = callInit(args);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "margay-dpdk-eal-init");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DpdkUnavailableException("interrupted while the DPDK EAL started");
        }
        if (thrown[0] != null) {
            failure = thrown[0].toString();
            throw new DpdkUnavailableException("rte_eal_init threw: " + thrown[0], thrown[0]);
        }
        if (rc[0] < 0) {
            failure = Dpdk.strerror(rc[0]) + " with arguments " + args;
            throw new DpdkUnavailableException("rte_eal_init failed: " + failure
                    + " (hugepages: echo 64 > /proc/sys/vm/nr_hugepages with --in-memory, or --no-huge -m 256)");
        }
        layout = MbufLayout.query();
        STARTED.set(List.copyOf(args));
    }

    /** Whether the EAL is running. */
    public static boolean started() {
        return STARTED.get() != null;
    }

    /** The arguments the EAL runs with, or null. */
    public static List<String> arguments() {
        return STARTED.get();
    }

    /** The installed DPDK's version string. */
    public static String dpdkVersion() {
        DpdkShim.require();
        return Dpdk.version();
    }

    /**
     * The arguments that work on this machine kind: hugepage-backed {@code --in-memory} when free hugepages
     * exist, otherwise {@code --no-huge -m 256}; always {@code --no-pci} unless {@code margay.dpdk.pci=true},
     * {@code --no-shconf}, warnings-only logging, and the last CPU as the EAL's lcore.
     */
    public static List<String> defaultArguments() {
        List<String> args = new ArrayList<>();
        int cpu = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
        args.add("-l");
        args.add(Integer.toString(cpu));
        if (freeHugepages() > 0) {
            args.add("--in-memory");
        } else {
            args.add("--no-huge");
            args.add("-m");
            args.add("256");
            args.add("--no-shconf");
        }
        if (!Boolean.getBoolean("margay.dpdk.pci")) {
            args.add("--no-pci");
        }
        args.add("--log-level=4");
        return args;
    }

    /** Free 2 MiB hugepages on this machine (0 when unknown). */
    public static long freeHugepages() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("HugePages_Free:")) {
                    return Long.parseLong(line.substring("HugePages_Free:".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The mbuf layout (after {@link #init}). */
    static MbufLayout layout() {
        if (layout == null) {
            throw new IllegalStateException("the DPDK EAL is not started: call Eal.init() first");
        }
        return layout;
    }

    /** Registers the calling thread with DPDK (idempotent; the EAL thread needs nothing). */
    static void registerCurrentThread() {
        try {
            int rc = (int) Dpdk.THREAD_REGISTER.invokeExact();
            if (rc < 0) {
                throw new DpdkUnavailableException("rte_thread_register failed: " + Dpdk.strerror(rc));
            }
        } catch (DpdkUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static void checkAbi() {
        try {
            int abi = (int) Dpdk.SHIM_ABI.invokeExact();
            if (abi != Dpdk.EXPECTED_ABI) {
                throw new DpdkUnavailableException("the DPDK shim speaks ABI " + abi + ", this code expects "
                        + Dpdk.EXPECTED_ABI + ": rebuild device-dpdk");
            }
        } catch (DpdkUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static int callInit(List<String> args) throws Throwable {
        List<String> argv = new ArrayList<>();
        argv.add("margay");
        argv.addAll(args);
        // rte_eal_init keeps pointers into argv for the life of the process: allocate them in the global arena.
        MemorySegment array = Arena.global().allocate(ValueLayout.ADDRESS, argv.size() + 1);
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, Arena.global().allocateFrom(argv.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
        return (int) Dpdk.EAL_INIT.invokeExact(argv.size(), array);
    }
}
