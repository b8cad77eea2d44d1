package org.margay.storage;

/** The storage queue contract on the in-memory block device. */
class MemoryStorageContractTest extends StorageContract {
    @Override
    protected Backends backend() {
        return Backends.MEMORY;
    }
}
