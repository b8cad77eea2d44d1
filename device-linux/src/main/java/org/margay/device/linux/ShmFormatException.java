package org.margay.device.linux;

import java.io.IOException;

/**
 * A file given to {@link ShmDevice#attach} is not a usable Margay shared-memory file: too small, wrong magic
 * number or version, inconsistent geometry, or both sides already taken. The message names the file and the
 * first thing found wrong.
 */
public final class ShmFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code file} is unusable because of {@code problem}. */
    public ShmFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
