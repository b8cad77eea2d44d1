package org.margay.rdma.verbs.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds rdma-core's libraries ({@code libibverbs.so.1}, {@code librdmacm.so.1}) and Margay's shim
 * ({@code libmargay_rdma.so}, built by this module's Maven build; the system property {@value #SHIM_PROPERTY}
 * overrides where it is) and makes downcall handles into them. Nothing here throws at class initialisation: when
 * something is missing, {@link #missing()} says what, and the handles of that library are null.
 */
final class RdmaLibraries {
    /** System property naming the shim library's path. */
    static final String SHIM_PROPERTY = "margay.rdma.shim";
    private static final String SHIM_RESOURCE = "native/linux-x86_64/libmargay_rdma.so";

    static final SymbolLookup VERBS;
    static final SymbolLookup CM;
    static final SymbolLookup SHIM;
    private static final String MISSING;

    static {
        List<String> missing = new ArrayList<>();
        VERBS = library("libibverbs.so.1", missing,
                "libibverbs.so.1 is not installed (Debian: apt-get install libibverbs1 ibverbs-providers)");
        CM = library("librdmacm.so.1", missing, "librdmacm.so.1 is not installed (Debian: apt-get install librdmacm1)");
        SymbolLookup shim = null;
        if (VERBS != null) {
            try {
                Path p = locateShim();
                if (p == null) {
                    missing.add("Margay's rdma-core shim libmargay_rdma.so was not built: install rdma-core's development files"
                            + " (Debian: apt-get install libibverbs-dev librdmacm-dev) and rebuild (./mvnw -pl rdma-transport install)");
                } else {
                    shim = SymbolLookup.libraryLookup(p, Arena.global());
                }
            } catch (IllegalArgumentException | IOException e) {
                missing.add("Margay's rdma-core shim could not be loaded: " + e.getMessage());
            }
        }
        SHIM = shim;
        MISSING = missing.isEmpty() ? null : String.join("; ", missing);
    }

    private RdmaLibraries() {
    }

    private static SymbolLookup library(String name, List<String> missing, String reason) {
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            missing.add(reason);
            return null;
        }
    }

    /** Whether every library and the shim are loaded. */
    static boolean available() {
        return MISSING == null;
    }

    /** What is missing, or null. */
    static String missing() {
        return MISSING;
    }

    /** A handle to {@code name} in {@code lookup}, or null when the library is not loaded. */
    static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (lookup == null) {
            return null;
        }
        MemorySegment symbol = lookup.find(name).orElse(null);
        if (symbol == null) {
            return null;
        }
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }

    /** A handle into the C library. */
    static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(s -> linker.downcallHandle(s, descriptor, options)).orElse(null);
    }

    private static Path locateShim() throws IOException {
        String configured = System.getProperty(SHIM_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p)) {
                throw new IOException(SHIM_PROPERTY + "=" + configured + " is not a file");
            }
            return p;
        }
        URL url = RdmaLibraries.class.getResource(SHIM_RESOURCE);
        if (url == null) {
            return null;
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        Path tmp = Files.createTempFile("libmargay_rdma", ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
