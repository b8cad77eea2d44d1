/**
 * The RDMA library OS (the role of the SOSP '21 paper's Catmint): PDPIX over reliable-connected queue pairs for
 * STREAM queues and unreliable-datagram queue pairs for DGRAM queues, with connection management mapped onto
 * {@code listen}/{@code accept}/{@code connect}/{@code close}, memory registered by the library OS (applications
 * never register memory), receive buffers it posts and replenishes, and credit-based flow control.
 *
 * <p>It is written against {@link org.margay.rdma.verbs.Verbs}, implemented twice: rdma-core through FFM and a C
 * shim for the inline verbs ({@code org.margay.rdma.verbs.ffm}), and a faithful in-process device
 * ({@code org.margay.rdma.verbs.inproc}). It knows nothing of Margay's TCP/IP stack.
 */
module org.margay.rdma {
    requires transitive org.margay.pdpix;
    requires org.margay.net.common;
    requires org.margay.fastpath;

    exports org.margay.rdma;
    exports org.margay.rdma.verbs;
    exports org.margay.rdma.verbs.inproc;
    exports org.margay.rdma.verbs.ffm;

    provides org.margay.pdpix.spi.LibOSProvider with org.margay.rdma.RdmaProvider;
}
