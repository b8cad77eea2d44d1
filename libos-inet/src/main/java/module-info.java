/**
 * The library OSes of Margay's own making (issue #4): {@code inet}, Margay's TCP/IP stack behind PDPIX over
 * any {@link org.margay.fastpath.device.NetworkDevice} (the catnip role), and {@code link}, raw layer-2 queues
 * over one or more devices for appliances built from queue operators. Both share one thread and one clock
 * with their peers through {@link org.margay.pdpix.inet.LibOSGroup}, which makes two stacks in one process (the
 * demo, the tests) run deterministically on virtual time.
 *
 * <p>It knows no particular device: whoever opens a library OS gives it its devices; from configuration only
 * the in-process loopback devices can be named so far.
 */
module org.margay.pdpix.inet {
    requires transitive org.margay.pdpix;
    requires transitive org.margay.stack;

    exports org.margay.pdpix.inet;

    provides org.margay.pdpix.spi.LibOSProvider with org.margay.pdpix.inet.InetProvider, org.margay.pdpix.inet.LinkProvider;
}
