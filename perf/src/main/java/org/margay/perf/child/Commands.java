package org.margay.perf.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a measuring session: after connecting, the client prints {@code CONNECTED} and then takes
 * commands on standard input, one per line: {@code MEASURE} runs one window and answers with its {@code RESULT}
 * lines and {@code DONE}; {@code QUIT} (or the end of input) ends the session. Between windows the runner may
 * freeze the whole pair ({@code SIGSTOP}) so that other variants run on quiet CPUs, which is why the first window
 * carries the JIT warm-up and later ones only a short re-warm-up. Cold path.
 */
final class Commands {
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final ChildArgs args;
    private int windows;

    Commands(ChildArgs args) {
        this.args = args;
    }

    /** Tells the runner the client is connected and waits for commands. */
    static void connected() {
        System.out.println("CONNECTED");
        System.out.flush();
    }

    /** Ends a window's answer. */
    static void done() {
        System.out.println("DONE");
        System.out.flush();
    }

    /**
     * Blocks for the next command: the window to run for {@code MEASURE}, or null to end the session. The first
     * window waits for the JIT to go quiet ({@code warmup}, {@code warmup-extra}); later ones re-warm for
     * {@code rewarm} milliseconds (caches and branch predictors after a freeze).
     */
    Window next() throws IOException {
        String line = in.readLine();
        if (line == null || !line.trim().equals("MEASURE")) {
            return null;
        }
        Window w = windows == 0 ? Window.from(args)
                : new Window(args.longValue("rewarm", 150), 0, args.longValue("measure", 2000));
        windows++;
        return w;
    }
}
