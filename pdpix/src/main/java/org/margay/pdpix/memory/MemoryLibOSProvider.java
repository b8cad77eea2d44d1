package org.margay.pdpix.memory;

import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;

/** Registers {@link MemoryLibOS} under the name {@code memory}. */
public final class MemoryLibOSProvider implements LibOSProvider {
    @Override
    public String name() {
        return MemoryLibOS.NAME;
    }

    @Override
    public String description() {
        return "in-memory queues and queue operators only, no network";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        return new MemoryLibOS(config);
    }
}
