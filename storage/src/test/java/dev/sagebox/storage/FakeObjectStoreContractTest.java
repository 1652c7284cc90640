package dev.sagebox.storage;

/** The in-memory double held to the contract the MinIO adapter keeps. */
class FakeObjectStoreContractTest extends ObjectStoreContract {
    @Override
    protected ObjectStore store() {
        return new FakeObjectStore();
    }
}
