/**
 * The kernel library OS: PDPIX over the Linux kernel's TCP and UDP sockets, through JDK NIO non-blocking
 * channels multiplexed by one {@link java.nio.channels.Selector} (the role of Demikernel's catnap). An
 * application picks it with {@code libos=kernel}; nothing in its code changes.
 */
module org.margay.pdpix.kernel {
    requires transitive org.margay.pdpix;

    exports org.margay.pdpix.kernel;

    provides org.margay.pdpix.spi.LibOSProvider with org.margay.pdpix.kernel.KernelLibOSProvider;
}
