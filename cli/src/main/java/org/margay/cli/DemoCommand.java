package org.margay.cli;

import java.util.concurrent.Callable;
import org.margay.pcap.captures.ProjectCaptures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code margay demo}: Margay's main job on its embedded default, runnable on a fresh machine with nothing but a
 * JDK. It runs two Margay stacks in one process over an in-memory link and has the examples' applications (written
 * only against PDPIX) do an echo exchange and a key-value exchange, with a short trace ({@link LiveDemo}).
 * {@code --decode} runs the first demo instead: the decode of the project's own Linux capture, checked against
 * tcpdump ({@link DecodeDemo}).
 *
 * <p>Its last line is a summary starting with {@code demo:} and ending in {@code ok} on success; it exits 0 only
 * then.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Margay's main job on its embedded default: two Margay stacks in one process over an"
                + " in-memory link, an echo and a key-value exchange through PDPIX (--decode: decode the project's"
                + " own Linux capture and check it against tcpdump's decode).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--decode", description = "Run the capture-decoding demo instead of the two-stack exchange.")
    boolean decode;

    @Option(names = "--capture", description = "With --decode: which shipped capture to use (default: ${DEFAULT-VALUE}).")
    String capture = ProjectCaptures.LINUX_VETH_SESSION;

    @Option(names = "--clients", description = "Echo connections (default: ${DEFAULT-VALUE}).")
    int clients = 2;

    @Option(names = "--requests", description = "Echo requests per connection (default: ${DEFAULT-VALUE}).")
    int requests = 8;

    @Option(names = "--size", description = "Bytes per echo request (default: ${DEFAULT-VALUE}).")
    int size = 1000;

    @Option(names = "--frames", description = "How many frames of the link to print decoded (default: ${DEFAULT-VALUE}).")
    int frames = 12;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Live mode: record every frame of the client's link to"
            + " FILE (pcapng) and both stacks' event logs to FILE.events; open it with Wireshark, tshark -r or"
            + " margay explain FILE.")
    java.nio.file.Path pcap;

    @Option(names = "--seed", description = "Seed of both stacks' TCP layers; the run is reproducible (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (decode) {
            return DecodeDemo.run(capture, System.out);
        }
        LiveDemo demo;
        try {
            demo = new LiveDemo(clients, requests, size, frames, seed, pcap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return demo.run(System.out);
    }
}
