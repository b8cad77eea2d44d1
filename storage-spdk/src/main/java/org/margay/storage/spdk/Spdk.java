package org.margay.storage.spdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.margay.storage.device.NativeShims;

/**
 * SPDK's NVMe driver and environment ({@code libspdk_nvme.so}, {@code libspdk_env_dpdk.so}) through FFM, plus
 * Margay's completion shim ({@code libmargay_spdk.so}). SPDK has no Debian package and no Maven artifact: the
 * libraries are found by name on the library path, or in the directory named by the system property
 * {@value #LIB_PROPERTY} (an SPDK build's {@code build/lib}). When they are absent, {@link #missing()} says so and
 * every handle is null; nothing here throws at class initialisation.
 *
 * <p>The functions bound are SPDK's public API of {@code spdk/env.h} and {@code spdk/nvme.h} (22.01 and later):
 * {@code spdk_env_opts_init}, {@code spdk_env_init}, {@code spdk_nvme_transport_id_parse}, {@code spdk_nvme_probe},
 * {@code spdk_nvme_ctrlr_get_ns}, {@code spdk_nvme_ns_is_active}, {@code spdk_nvme_ns_get_sector_size},
 * {@code spdk_nvme_ns_get_num_sectors}, {@code spdk_nvme_ctrlr_alloc_io_qpair}, {@code spdk_nvme_ns_cmd_read},
 * {@code spdk_nvme_ns_cmd_write}, {@code spdk_nvme_ns_cmd_flush}, {@code spdk_nvme_qpair_process_completions},
 * {@code spdk_nvme_ctrlr_free_io_qpair}, {@code spdk_nvme_detach}, {@code spdk_zmalloc} and {@code spdk_free}.
 */
final class Spdk {
    /** System property naming the directory holding SPDK's shared libraries. */
    static final String LIB_PROPERTY = "margay.spdk.lib";
    /** {@code SPDK_ENV_SOCKET_ID_ANY}. */
    static final int SOCKET_ID_ANY = -1;
    /** {@code SPDK_MALLOC_DMA}. */
    static final int MALLOC_DMA = 0x01;
    /** {@code SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS}: the write is durable when it completes. */
    static final int IO_FLAGS_FUA = 1 << 30;
    /** Bytes reserved for {@code struct spdk_env_opts} (whose first member is {@code const char *name}). */
    static final long ENV_OPTS_BYTES = 1024;
    /** Bytes reserved for {@code struct spdk_nvme_transport_id}. */
    static final long TRID_BYTES = 1024;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup NVME;
    private static final SymbolLookup ENV;
    static final NativeShims.Loaded SHIM = NativeShims.load("libmargay_spdk.so", "margay.storage.spdk-shim",
            "install gcc and rebuild (./mvnw -pl storage-spdk install)");
    private static final String MISSING;

    static {
        List<String> missing = new ArrayList<>();
        NVME = library("libspdk_nvme.so", missing);
        ENV = library("libspdk_env_dpdk.so", missing);
        if (!SHIM.available()) {
            missing.add(SHIM.missing());
        }
        MISSING = missing.isEmpty() ? null : "SPDK is not available: " + String.join("; ", missing)
                + ". SPDK has no Debian package: build it from source (./configure --with-shared && make), then put its"
                + " build/lib on LD_LIBRARY_PATH or set -D" + LIB_PROPERTY + "=/path/to/spdk/build/lib; the NVMe device must be"
                + " bound to vfio-pci (scripts/setup.sh)";
    }

    static final MethodHandle ENV_OPTS_INIT = handle(ENV, "spdk_env_opts_init", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle ENV_INIT = handle(ENV, "spdk_env_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ZMALLOC = handle(ENV, "spdk_zmalloc",
            FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle FREE = handle(ENV, "spdk_free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle TRID_PARSE = handle(NVME, "spdk_nvme_transport_id_parse", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle PROBE = handle(NVME, "spdk_nvme_probe",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle GET_NS = handle(NVME, "spdk_nvme_ctrlr_get_ns", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle NS_IS_ACTIVE = handle(NVME, "spdk_nvme_ns_is_active", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle NS_SECTOR_SIZE = handle(NVME, "spdk_nvme_ns_get_sector_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle NS_NUM_SECTORS = handle(NVME, "spdk_nvme_ns_get_num_sectors", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    static final MethodHandle ALLOC_QPAIR = handle(NVME, "spdk_nvme_ctrlr_alloc_io_qpair",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle FREE_QPAIR = handle(NVME, "spdk_nvme_ctrlr_free_io_qpair", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle DETACH = handle(NVME, "spdk_nvme_detach", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle NS_READ = handle(NVME, "spdk_nvme_ns_cmd_read",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            Linker.Option.critical(false));
    static final MethodHandle NS_WRITE = handle(NVME, "spdk_nvme_ns_cmd_write",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            Linker.Option.critical(false));
    static final MethodHandle NS_FLUSH = handle(NVME, "spdk_nvme_ns_cmd_flush",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle PROCESS_COMPLETIONS = handle(NVME, "spdk_nvme_qpair_process_completions",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle RING_INIT = handle(SHIM.lookup(), "margay_spdk_ring_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle REAP = handle(SHIM.lookup(), "margay_spdk_reap", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.critical(false));
    /** The shim's {@code spdk_nvme_cmd_cb}, passed to every command. */
    static final MemorySegment COMPLETE_CALLBACK = SHIM.available()
            ? SHIM.lookup().find("margay_spdk_complete").orElse(MemorySegment.NULL) : MemorySegment.NULL;

    private Spdk() {
    }

    private static SymbolLookup library(String name, List<String> missing) {
        String dir = System.getProperty(LIB_PROPERTY);
        try {
            if (dir != null && !dir.isBlank()) {
                return SymbolLookup.libraryLookup(Path.of(dir, name), Arena.global());
            }
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            missing.add(name + " was not found" + (dir != null && !dir.isBlank() ? " in " + dir : " on the library path"));
            return null;
        }
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor d, Linker.Option... options) {
        if (lookup == null) {
            return null;
        }
        return lookup.find(name).map(s -> LINKER.downcallHandle(s, d, options)).orElse(null);
    }

    /** Whether SPDK's libraries and the shim are loaded. */
    static boolean available() {
        return MISSING == null;
    }

    /** What is missing, or null. */
    static String missing() {
        return MISSING;
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("SPDK call failed", t);
    }
}
