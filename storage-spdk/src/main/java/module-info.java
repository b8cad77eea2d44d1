/**
 * The storage library OS (the role of the SOSP '21 paper's Cattree): PDPIX storage queues (HotOS '19 §3.2), each an
 * append-only log of atomic, checksummed elements that survives a killed process without losing an acknowledged
 * element or returning a torn one, over SPDK NVMe (FFM, where libspdk exists), io_uring with O_DIRECT (Debian's
 * liburing through FFM and a small C shim), or an in-memory block device. Also the persistence example: the RESP
 * key-value server logging every SET before it replies.
 */
module org.margay.storage {
    requires transitive org.margay.pdpix;
    requires org.margay.fastpath;
    requires org.margay.examples;

    exports org.margay.storage;
    exports org.margay.storage.device;
    exports org.margay.storage.example;

    provides org.margay.pdpix.spi.LibOSProvider with org.margay.storage.StorageProvider;
}
