package org.margay.storage;

/** The storage queue contract on io_uring: real O_DIRECT files through Debian's liburing. */
class UringStorageContractTest extends StorageContract {
    @Override
    protected Backends backend() {
        return Backends.IO_URING;
    }
}
