package org.margay.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with {@code \r} on stderr, at most ten times a second: shown only when
 * stderr is a terminal or when asked for ({@code --progress}), so logs and pipes stay clean.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long EVERY_NANOS = 100_000_000L;
    private final PrintStream err;
    private final boolean enabled;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Whether stderr is a terminal (Linux: file descriptor 2 links to a tty or pts device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    /** Redraws when due: {@code fraction} done (0..1) and a short text after the bar. */
    void update(double fraction, String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < EVERY_NANOS) {
            return;
        }
        lastDraw = now;
        draw(fraction, text);
    }

    /** Draws the final state and ends the line. */
    void finish(double fraction, String text) {
        if (!enabled) {
            return;
        }
        draw(fraction, text);
        err.println();
        err.flush();
    }

    private void draw(double fraction, String text) {
        double f = Math.max(0, Math.min(1, fraction));
        int full = (int) Math.round(f * WIDTH);
        err.print(String.format(Locale.ROOT, "\rreplay: [%s%s] %3.0f%% %s", "#".repeat(full), ".".repeat(WIDTH - full),
                f * 100, text));
        err.flush();
        drawn = true;
    }
}
