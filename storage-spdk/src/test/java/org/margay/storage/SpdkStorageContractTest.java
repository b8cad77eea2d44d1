package org.margay.storage;

/** The storage queue contract on SPDK NVMe: only where libspdk and a device are present (skips otherwise, with the reason). */
class SpdkStorageContractTest extends StorageContract {
    @Override
    protected Backends backend() {
        return Backends.SPDK;
    }
}
