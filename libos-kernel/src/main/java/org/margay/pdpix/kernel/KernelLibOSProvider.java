package org.margay.pdpix.kernel;

import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;

/**
 * The kernel library OS's entry for {@link org.margay.pdpix.LibOSes}: {@code libos=kernel} opens a
 * {@link KernelLibOS}. Found by {@link java.util.ServiceLoader} ({@code provides} in module-info, and
 * {@code META-INF/services} on the class path).
 */
public final class KernelLibOSProvider implements LibOSProvider {
    /** For {@link java.util.ServiceLoader}. */
    public KernelLibOSProvider() {
    }

    @Override
    public String name() {
        return KernelLibOS.NAME;
    }

    @Override
    public String description() {
        return "Linux kernel TCP/UDP sockets through JDK NIO (non-blocking channels, one selector)";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        return KernelLibOS.open(config);
    }
}
