package org.margay.storage.device;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds the C shims this module's Maven build makes ({@code libmargay_uring.so}, {@code libmargay_spdk.so}) on the
 * class path (a file under {@code target/classes}, or extracted from the jar) or where a system property says
 * ({@code margay.storage.uring-shim}, {@code margay.storage.spdk-shim}). Loading one also loads what it links
 * against (liburing), so a missing library shows here.
 */
public final class NativeShims {
    private NativeShims() {
    }

    /** A loaded shim, or the reason it is not loaded. */
    public record Loaded(SymbolLookup lookup, String missing) {
        /** Whether the shim is usable. */
        public boolean available() {
            return lookup != null;
        }
    }

    /**
     * Loads shim {@code file} ({@code libmargay_uring.so}); {@code hint} says what to install when it was not built.
     */
    public static Loaded load(String file, String property, String hint) {
        try {
            Path p = locate(file, property);
            if (p == null) {
                return new Loaded(null, file + " was not built: " + hint);
            }
            return new Loaded(SymbolLookup.libraryLookup(p, Arena.global()), null);
        } catch (IllegalArgumentException | IOException e) {
            return new Loaded(null, file + " could not be loaded (" + e.getMessage() + "): " + hint);
        }
    }

    private static Path locate(String file, String property) throws IOException {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p)) {
                throw new IOException(property + "=" + configured + " is not a file");
            }
            return p;
        }
        URL url = NativeShims.class.getResource("/org/margay/storage/native/linux-x86_64/" + file);
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
        Path tmp = Files.createTempFile(file.replace(".so", ""), ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
