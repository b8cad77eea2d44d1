/**
 * The scenario runners behind {@code margay bench} (issue #6): Margay measured beside the Linux kernel path, Netty
 * and the shared-memory and DPDK floors in the same run, interleaved, with the table, JSON and SVG reports. The
 * children (package {@code org.margay.perf.child}) run on the class path in their own JVMs; Netty is needed only
 * there, hence {@code requires static}.
 */
module org.margay.perf {
    requires java.management;
    requires jdk.management;
    requires HdrHistogram;
    requires static io.netty.transport;
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.buffer;
    requires static io.netty.common;
    requires org.margay.pdpix.inet;

    exports org.margay.perf;
}
