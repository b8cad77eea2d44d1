/**
 * PDPIX, the portable datapath API of the Demikernel architecture (HotOS '19, SOSP '21), in Java.
 *
 * <p>Applications see queue descriptors, push and pop atomic scatter-gather elements, and wait on qtokens.
 * A library OS ({@link org.margay.pdpix.LibOS}) implements the API for one kind of device; which one an
 * application gets is configuration ({@link org.margay.pdpix.LibOSes}), not code. This module knows no device
 * type and no protocol: library OSes live in their own modules and register a
 * {@link org.margay.pdpix.spi.LibOSProvider}.
 */
module org.margay.pdpix {
    requires transitive org.margay.net.common;
    requires transitive org.margay.fastpath;

    exports org.margay.pdpix;
    exports org.margay.pdpix.spi;
    exports org.margay.pdpix.memory;

    uses org.margay.pdpix.spi.LibOSProvider;
    provides org.margay.pdpix.spi.LibOSProvider with org.margay.pdpix.memory.MemoryLibOSProvider;
}
