/**
 * The runtime beneath PDPIX: clocks, the poll loop (cooperative scheduler with idle strategies), reference-counted
 * packet buffers, their pools and the memory manager, the burst device interface with an in-memory loopback pair,
 * and the link impairment layer.
 *
 * <p>This module knows no protocol, no socket and no PDPIX: protocols sit above it and reach devices only
 * through {@link org.margay.fastpath.device.NetworkDevice}.
 */
module org.margay.fastpath {
    requires org.margay.net.common;

    exports org.margay.fastpath.time;
    exports org.margay.fastpath.buffer;
    exports org.margay.fastpath.device;
    exports org.margay.fastpath.impair;
    exports org.margay.fastpath.runtime;

    uses org.margay.fastpath.device.DeviceProvider;
}
