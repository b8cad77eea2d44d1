package org.margay.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.margay.packetdrill.PacketdrillMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay packetdrill}: runs packetdrill {@code .pkt} scripts in-process against a Margay stack on the
 * simulator, with virtual time.
 *
 * <p>Contract (scripts rely on it): one verdict per script (passed / failed with the first mismatch / unsupported
 * with the reason), and the last line exactly {@code passed=N failed=N unsupported=N}. Exit code 0 when no
 * script failed, 1 when one did, 2 on bad arguments.
 */
@Command(name = "packetdrill", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run packetdrill scripts against Margay's TCP on a virtual clock; last line passed=N failed=N unsupported=N.")
final class PacketdrillCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "linux|freebsd",
            description = "Stack configuration the scripts expect (default: chosen per script from its knobs).")
    String profile;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write the per-script report as Markdown (the form of docs/CONFORMANCE.md).")
    String markdown;

    @Option(names = "--verbose", description = "Add the runner's notes (options accepted but not applied, frames ignored).")
    boolean verbose;

    @Option(names = "--trace", description = "Add every packet in and out.")
    boolean trace;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Script files or directories (searched recursively).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (profile != null) {
            args.add("--profile");
            args.add(profile);
        }
        if (markdown != null) {
            args.add("--markdown");
            args.add(markdown);
        }
        if (verbose) {
            args.add("--verbose");
        }
        if (trace) {
            args.add("--trace");
        }
        args.addAll(paths);
        return PacketdrillMain.run(args.toArray(String[]::new), System.out, System.err);
    }
}
