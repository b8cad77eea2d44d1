package org.margay.examples;

import java.io.PrintStream;

/**
 * Where applications report what they do (connections, elements) for a human: the demo prints it, tests and
 * benchmarks pass {@link #NONE}. Applications ask {@link #enabled()} before building a message, so a run without a
 * trace builds no strings.
 */
public interface AppTrace {
    /** No trace. */
    AppTrace NONE = new AppTrace() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void event(String app, String text) {
        }
    };

    /** Whether {@link #event} prints anything. */
    boolean enabled();

    /** One event of application {@code app}. */
    void event(String app, String text);

    /** A trace printing {@code prefix app: text} lines to {@code out}. */
    static AppTrace printing(PrintStream out, String prefix) {
        return new AppTrace() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void event(String app, String text) {
                out.println(prefix + app + ": " + text);
            }
        };
    }
}
