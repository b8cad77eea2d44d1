package org.margay.storage;

import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;

/** Registers {@link StorageLibOS} under the name {@code storage}. */
public final class StorageProvider implements LibOSProvider {
    @Override
    public String name() {
        return StorageLibOS.NAME;
    }

    @Override
    public String description() {
        return "storage queues: a checksummed log of atomic elements over io_uring (O_DIRECT), SPDK NVMe or memory";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        return StorageLibOS.open(config);
    }
}
