package org.margay.pdpix.spi;

import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;

/**
 * A library OS's entry point, found with {@link java.util.ServiceLoader} ({@code provides} in its
 * module-info and a {@code META-INF/services} entry for the class path). {@link org.margay.pdpix.LibOSes}
 * opens the one whose {@link #name()} the configuration names.
 */
public interface LibOSProvider {
    /** The name configurations use ({@code "inet"}, {@code "kernel"}, ...). */
    String name();

    /** One line saying what this library OS runs over, for listings. */
    String description();

    /** Opens a library OS instance from {@code config}; throws {@link org.margay.pdpix.PdpixException} on bad config. */
    LibOS open(LibOSConfig config);
}
