package org.margay.device.dpdk;

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

/**
 * Finds and loads {@code libmargay_dpdk.so}, the C shim built by this module's Maven build, and makes
 * downcall handles into it. Where the shim comes from, in order: the system property
 * {@value #PATH_PROPERTY}; the class path (a file when running from {@code target/classes}, else extracted
 * from the jar to a temporary file). When it cannot be loaded, {@link #available()} is false and
 * {@link #unavailableReason()} says why; nothing here throws at class initialisation.
 */
final class DpdkShim {
    /** System property naming the shim library's path, overriding the built-in one. */
    static final String PATH_PROPERTY = "margay.dpdk.shim";
    private static final String RESOURCE = "native/linux-x86_64/libmargay_dpdk.so";

    private static final SymbolLookup LOOKUP;
    private static final String UNAVAILABLE;

    static {
        SymbolLookup lookup = null;
        String reason = null;
        try {
            Path path = locate();
            if (path == null) {
                reason = "the DPDK shim libmargay_dpdk.so was not built: install DPDK's development files "
                        + "(Debian: apt-get install dpdk libdpdk-dev) and rebuild (./mvnw -pl device-dpdk install)";
            } else {
                lookup = SymbolLookup.libraryLookup(path, Arena.global());
            }
        } catch (IllegalArgumentException | IOException e) {
            reason = "the DPDK shim could not be loaded (" + e.getMessage()
                    + "); are DPDK's libraries installed? (Debian: apt-get install dpdk)";
        }
        LOOKUP = lookup;
        UNAVAILABLE = reason;
    }

    private DpdkShim() {
    }

    /** Whether the shim is loaded. */
    static boolean available() {
        return LOOKUP != null;
    }

    /** Why the shim is not loaded, or null. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Throws {@link DpdkUnavailableException} unless the shim is loaded. */
    static void require() {
        if (LOOKUP == null) {
            throw new DpdkUnavailableException(UNAVAILABLE);
        }
    }

    /** A downcall handle to {@code name} in the shim (only called once {@link #available()}). */
    static MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (LOOKUP == null) {
            return null;
        }
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new DpdkUnavailableException("the DPDK shim has no symbol " + name + " (stale build?)"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }

    private static Path locate() throws IOException {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p)) {
                throw new IOException(PATH_PROPERTY + "=" + configured + " is not a file");
            }
            return p;
        }
        URL url = DpdkShim.class.getResource(RESOURCE);
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
        Path tmp = Files.createTempFile("libmargay_dpdk", ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
