/**
 * Example applications written only against PDPIX ({@link org.margay.pdpix.LibOS}): they never name a library OS,
 * so each runs unchanged on Margay's stack, on kernel sockets, and on the device library OSes to come. They are
 * event-driven ({@link org.margay.examples.QueueApp}) so that several of them, on one or several library OS
 * instances, share one thread under an {@link org.margay.examples.AppRunner}.
 */
module org.margay.examples {
    requires transitive org.margay.pdpix;

    exports org.margay.examples;
    exports org.margay.examples.echo;
    exports org.margay.examples.kv;
    exports org.margay.examples.appliance;

    uses org.margay.pdpix.spi.LibOSProvider;
}
