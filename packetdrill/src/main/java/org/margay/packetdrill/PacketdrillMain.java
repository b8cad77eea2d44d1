package org.margay.packetdrill;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command {@code packetdrill [--profile linux|freebsd] [--verbose] [--trace] [--markdown FILE] PATH...}: runs
 * every {@code .pkt} script in the given files and directories (recursively) and prints one line per script, then
 * {@code passed=N failed=N unsupported=N}. Without {@code --profile} each script runs with the profile its knobs
 * point to. {@code --markdown FILE} also writes the report as Markdown ({@link ConformanceReport}, the form of
 * {@code docs/CONFORMANCE.md}). Exit status: 0 when nothing failed, 1 when a script failed, 2 for a usage error.
 */
public final class PacketdrillMain {
    private PacketdrillMain() {
    }

    /** Entry point; exits the JVM with the status of {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit status (for callers that must not exit). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Profile profile = null;
        boolean verbose = false;
        boolean trace = false;
        Path markdown = null;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--profile") && i + 1 < args.length) {
                try {
                    profile = Profile.forName(args[++i]);
                } catch (IllegalArgumentException e) {
                    err.println("packetdrill: " + e.getMessage());
                    return 2;
                }
            } else if (a.startsWith("--profile=")) {
                try {
                    profile = Profile.forName(a.substring("--profile=".length()));
                } catch (IllegalArgumentException e) {
                    err.println("packetdrill: " + e.getMessage());
                    return 2;
                }
            } else if (a.equals("--markdown") && i + 1 < args.length) {
                markdown = Path.of(args[++i]);
            } else if (a.startsWith("--markdown=")) {
                markdown = Path.of(a.substring("--markdown=".length()));
            } else if (a.equals("--verbose") || a.equals("-v")) {
                verbose = true;
            } else if (a.equals("--trace")) {
                verbose = true;
                trace = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(usage());
                return 0;
            } else if (a.startsWith("-")) {
                err.println("packetdrill: unknown option " + a + "\n" + usage());
                return 2;
            } else {
                paths.add(Path.of(a));
            }
        }
        if (paths.isEmpty()) {
            err.println(usage());
            return 2;
        }
        List<ScriptResult> results;
        try {
            results = new PacketdrillRunner(profile, trace).runPaths(paths);
        } catch (IOException e) {
            err.println("packetdrill: " + e.getMessage());
            return 2;
        }
        for (String line : PacketdrillRunner.report(results, verbose)) {
            out.println(line);
        }
        if (markdown != null) {
            String corpus = String.join(" ", paths.stream().map(Path::toString).toList());
            String command = "./margay packetdrill --markdown " + markdown + " " + corpus;
            try {
                Files.writeString(markdown, ConformanceReport.markdown(results, corpus, command), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("packetdrill: cannot write " + markdown + ": " + e.getMessage());
                return 2;
            }
        }
        return results.stream().anyMatch(r -> r.verdict() == Verdict.FAILED) ? 1 : 0;
    }

    private static String usage() {
        return "usage: packetdrill [--profile linux|freebsd] [--verbose] [--trace] [--markdown FILE] PATH...";
    }
}
