package org.margay.cli;

/**
 * A command that cannot go on, with the exit code and the one-line message the user sees
 * ({@code margay VERB: message} on stderr): {@link #USAGE} (2) for arguments that cannot work, {@link #FAILURE} (1)
 * for what went wrong on this machine (a device that cannot be opened, a port in use).
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Exit code of a bad argument. */
    static final int USAGE = 2;
    /** Exit code of a failure at run time. */
    static final int FAILURE = 1;

    private final int exitCode;

    CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliError usage(String message) {
        return new CliError(USAGE, message);
    }

    static CliError failure(String message, Throwable cause) {
        return new CliError(FAILURE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
