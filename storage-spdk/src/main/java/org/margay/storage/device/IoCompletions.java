package org.margay.storage.device;

/**
 * Where a {@link StorageBackend} delivers completed I/O: the tag given at submission and the result, the bytes
 * transferred or a negated errno. The storage library OS implements it once; delivering allocates nothing.
 */
@FunctionalInterface
public interface IoCompletions {
    /** One request completed. */
    void ioCompleted(long tag, int result);
}
