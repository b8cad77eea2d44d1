package org.margay.fastpath.runtime;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link ErrorHandler}: prints the stack trace of the first error of each kind (source and
 * exception class) to a stream, {@link System#err} by default, and only counts the repeats, so that a task
 * that fails every millisecond does not flood the log. Cold path: errors are the exception.
 */
public final class LoggingErrorHandler implements ErrorHandler {
    private final PrintStream out;
    private final Set<String> seenKinds = new HashSet<>();
    private long suppressed;

    /** A handler printing to {@link System#err}. */
    public LoggingErrorHandler() {
        this(System.err);
    }

    /** A handler printing to {@code out}. */
    public LoggingErrorHandler(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onError(String source, Throwable error) {
        String kind = source + " / " + error.getClass().getName();
        if (seenKinds.add(kind)) {
            out.println("margay poll loop: " + source + " threw (further errors of this kind are only counted):");
            error.printStackTrace(out);
        } else {
            suppressed++;
        }
    }

    /** Errors not printed because one of their kind was printed before. */
    public long suppressed() {
        return suppressed;
    }
}
