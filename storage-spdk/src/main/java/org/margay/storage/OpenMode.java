package org.margay.storage;

/** How {@link StorageLibOS#open} treats the target. */
public enum OpenMode {
    /** Formats a new, empty log (a new epoch: whatever the target held before is ignored). */
    CREATE,
    /** Opens an existing log and recovers it; fails when the target holds none. */
    OPEN,
    /** Opens the existing log, or creates one when the target holds none. */
    OPEN_OR_CREATE
}
