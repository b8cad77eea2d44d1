package org.margay.storage;

import java.util.HashMap;
import java.util.Map;

/**
 * The storage queue contract on io_uring over a real block device: each target is a Linux loop device over a fresh
 * 8 MiB file ({@link LoopDevice}), opened with O_DIRECT as an NVMe namespace would be (the "a file or block
 * device"). Needs root and loop support; without them each test is skipped with the reason. Every device is
 * detached and its file removed after the test.
 */
class UringBlockDeviceContractTest extends StorageContract {
    private static final long DEVICE_BYTES = 8L << 20;
    private final Map<String, LoopDevice> devices = new HashMap<>();

    @Override
    protected Backends backend() {
        return Backends.IO_URING;
    }

    @Override
    protected String freshTarget() {
        LoopDevice d = LoopDevice.attach(DEVICE_BYTES);
        devices.put(d.path(), d);
        return freshTargetFromOutside(d.path());
    }

    @Override
    protected void discardTarget(String t) {
        LoopDevice d = devices.remove(t);
        if (d != null) {
            d.close();
        }
    }
}
