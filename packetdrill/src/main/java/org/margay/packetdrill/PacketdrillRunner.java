package org.margay.packetdrill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.margay.packetdrill.run.ScriptRun;
import org.margay.packetdrill.script.Parser;
import org.margay.packetdrill.script.Script;
import org.margay.packetdrill.script.ScriptSyntaxException;

/**
 * Runs packetdrill scripts in-process: each script against a fresh Margay stack on a virtual clock, the script
 * playing the remote peer. A script whose profile is not forced runs with the profile its knobs point to
 * ({@link Profile#detect}).
 *
 * <p>Never throws for a script's content: malformed scripts fail with the line and the expected construct, and
 * anything the stack does (including throwing) becomes that script's result.
 */
public final class PacketdrillRunner {
    private final Profile forcedProfile;
    private final boolean trace;

    /** A runner that picks each script's profile from its knobs. */
    public PacketdrillRunner() {
        this(null);
    }

    /** A runner that runs every script with {@code profile} (null: detect per script). */
    public PacketdrillRunner(Profile profile) {
        this(profile, false);
    }

    /**
     * A runner that runs every script with {@code profile} (null: detect per script) and, with {@code trace}, records
     * every packet in and out in the results' notes.
     */
    public PacketdrillRunner(Profile profile, boolean trace) {
        this.forcedProfile = profile;
        this.trace = trace;
    }

    /** Runs script text named {@code name}. */
    public ScriptResult runText(String name, String text) {
        Profile profile = forcedProfile != null ? forcedProfile : Profile.detect(text);
        Script script;
        try {
            script = Parser.parse(text);
        } catch (ScriptSyntaxException e) {
            return new ScriptResult(name, profile, Verdict.FAILED, "syntax error: " + e.getMessage(), List.of());
        }
        return ScriptRun.run(name, script, profile, trace);
    }

    /** Runs one script file, named in results by {@code name}. */
    public ScriptResult runFile(Path file, String name) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Profile p = forcedProfile != null ? forcedProfile : Profile.LINUX;
            return new ScriptResult(name, p, Verdict.FAILED, "cannot read the script: " + e.getMessage(), List.of());
        }
        return runText(name, text);
    }

    /**
     * Runs every {@code .pkt} file under each path (a file, or a directory searched recursively, in name order).
     * Names in the results are relative to the directory given (a file given directly keeps its file name).
     */
    public List<ScriptResult> runPaths(List<Path> paths) throws IOException {
        List<ScriptResult> results = new ArrayList<>();
        for (Path root : paths) {
            if (Files.isDirectory(root)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".pkt")).sorted()
                            .toList();
                }
                for (Path f : files) {
                    results.add(runFile(f, root.relativize(f).toString()));
                }
            } else if (Files.isRegularFile(root)) {
                results.add(runFile(root, root.getFileName().toString()));
            } else {
                throw new IOException("no such file or directory: " + root);
            }
        }
        return results;
    }

    /** The report: one line per script, then exactly {@code passed=N failed=N unsupported=N}. */
    public static List<String> report(List<ScriptResult> results, boolean verbose) {
        List<String> lines = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int unsupported = 0;
        for (ScriptResult r : results) {
            lines.add(r.line());
            if (verbose) {
                for (String n : r.notes()) {
                    lines.add("      note: " + n);
                }
            }
            switch (r.verdict()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case UNSUPPORTED -> unsupported++;
            }
        }
        lines.add(summary(passed, failed, unsupported));
        return lines;
    }

    /** The last report line. */
    public static String summary(int passed, int failed, int unsupported) {
        return "passed=" + passed + " failed=" + failed + " unsupported=" + unsupported;
    }
}
