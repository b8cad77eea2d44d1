package org.margay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.margay.apps.App;
import org.margay.apps.AppHost;
import org.margay.apps.HostReport;
import org.margay.device.pcap.Pacing;
import org.margay.device.pcap.PcapReplayDevice;
import org.margay.examples.AppTrace;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.MacAddress;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.pdpix.inet.LibOSGroup;
import org.margay.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay replay}: feeds a capture's frames into Margay's stack running an app, at the capture's own pace, and
 * records everything Margay sends to a pcapng file. By default time is virtual (a capture of an hour replays in
 * moments, its timing intact, and the run is deterministic); {@code --realtime} replays in real time.
 *
 * <p>Margay stands in for the capture's busiest destination unless told otherwise: {@code --ip} defaults to the most
 * common unicast IPv4 destination (with a /24 prefix), {@code --mac} to the MAC those frames went to, and
 * {@code --port} to the port most TCP SYNs to it asked for (else the app's default). The guess is printed.
 *
 * <h2>Output (stable)</h2>
 * {@code replay: guessed ...} when something was guessed, a progress bar on stderr (only when stderr is a terminal,
 * or with {@code --progress}), and the last line {@code replay: frames-in=N frames-out=N skipped=N connections=N
 * bytes-in=N bytes-out=N clock=virtual|real capture-time=S.SSSs out=FILE}. Exit code 0, 1 when the capture cannot
 * be read or ended in an error, 2 for bad arguments.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay a capture into Margay's stack running an app and record what Margay sends (pcapng).")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.pcap", description = "The capture to replay (pcap or pcapng, Ethernet).")
    Path input;

    @Option(names = "--app", required = true, paramLabel = "APP", description = "echo, discard, http:DIR, kv or iperf3.")
    String app;

    @Option(names = "--out", required = true, paramLabel = "OUT.pcapng", description = "Where to record what Margay sends.")
    Path output;

    @Option(names = "--realtime", description = "Replay in real time instead of on a virtual clock.")
    boolean realtime;

    @Option(names = "--ip", paramLabel = "ADDR/PREFIX", description = "Margay's address (default: guessed from the capture).")
    String ip;

    @Option(names = "--mac", paramLabel = "MAC", description = "Margay's MAC (default: guessed from the capture).")
    String mac;

    @Option(names = "--port", paramLabel = "P", description = "The app's port (default: guessed, else the app's).")
    Integer port;

    @Option(names = "--settle", paramLabel = "SECONDS", description = "Keep running this long (capture time) after the"
            + " last frame, for the answers to it (default: ${DEFAULT-VALUE}).")
    double settleSeconds = 1;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--trace", description = "Print the app's events.")
    boolean trace;

    @Override
    public Integer call() {
        try {
            return replay();
        } catch (CliError e) {
            System.err.println("margay replay: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int replay() {
        App application = ServeCommand.parseApp(app);
        if (!Files.isReadable(input)) {
            throw CliError.usage("cannot read the capture " + input);
        }
        if (settleSeconds < 0) {
            throw CliError.usage("--settle must not be negative");
        }
        StackOptions.Address address = ip != null ? StackOptions.parseAddress(ip) : null;
        long macAddress = 0;
        if (mac != null) {
            try {
                macAddress = MacAddress.parse(mac);
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--mac: " + e.getMessage());
            }
        }
        int appPort = port != null ? port : 0;
        if (port != null && (port < 1 || port > 65535)) {
            throw CliError.usage("--port must be 1..65535, got " + port);
        }
        CaptureGuess guess;
        try {
            guess = CaptureGuess.of(input);
        } catch (IOException e) {
            throw CliError.failure("cannot read the capture " + input + ": " + e.getMessage(), e);
        }
        if (address == null || mac == null || port == null) {
            if (address == null && guess.address() == 0) {
                throw CliError.usage("cannot guess --ip: " + input + " has no unicast IPv4 frame; give --ip ADDR/PREFIX");
            }
            StringBuilder said = new StringBuilder("replay: guessed");
            if (address == null) {
                address = new StackOptions.Address(guess.address(), 24);
                said.append(" --ip ").append(address);
            }
            if (mac == null && guess.mac() != 0 && guess.address() == address.address()) {
                macAddress = guess.mac();
                said.append(" --mac ").append(MacAddress.format(macAddress));
            }
            if (port == null) {
                boolean seen = guess.port() != 0 && guess.address() == address.address();
                appPort = seen ? guess.port() : application.defaultPort();
                said.append(" --port ").append(appPort).append(seen ? "" : " (the app's)");
            }
            said.append(String.format(Locale.ROOT, " (most common destination: %d of %d IPv4 frames)", guess.hits(), guess.ipv4()));
            System.out.println(said);
        }
        return run(application, address, macAddress, appPort, guess.firstNanos());
    }

    private int run(App application, StackOptions.Address address, long macAddress, int appPort, long firstNanos) {
        // On a virtual clock, time starts at the capture's first timestamp, so the output's timestamps line up with it.
        Clock clock = realtime ? SystemClock.INSTANCE : new VirtualClock(firstNanos > 0 ? firstNanos : 1_000_000_000L);
        PcapReplayDevice device;
        try {
            PcapReplayDevice.Builder b = PcapReplayDevice.builder(input).output(output).clock(clock).pacing(Pacing.CAPTURE_TIME)
                    .name("replay:" + input.getFileName());
            if (macAddress != 0) {
                b.mac(macAddress);
            }
            device = b.open();
        } catch (IOException | RuntimeException e) {
            throw CliError.failure("cannot open the capture " + input + " or the output " + output + ": " + e.getMessage(), e);
        }
        LibOSGroup group = new LibOSGroup(clock);
        group.addDeadlineSource(device::nextReleaseNanos);
        StackConfig stack = StackConfig.builder().address(address.address(), address.prefix()).mac(device.macAddress())
                .gratuitousArp(false).build();
        InetLibOS inet;
        try {
            inet = InetLibOS.builder().device(device).stack(stack).group(group).ownsDevice(true).open();
        } catch (RuntimeException e) {
            device.close();
            throw CliError.failure("cannot start Margay's stack: " + e.getMessage(), e);
        }
        ProgressBar bar = new ProgressBar(System.err, progress || ProgressBar.stderrIsTerminal());
        long start = clock.nanoTime();
        HostReport report;
        long endedAt;
        try {
            AppHost host;
            try {
                host = AppHost.start(application, inet, appPort, trace ? AppTrace.printing(System.out, "replay: ") : AppTrace.NONE);
            } catch (PdpixException e) {
                throw CliError.failure("cannot serve " + application.spec() + " on port " + appPort + ": " + e.getMessage(), e);
            }
            long settle = (long) (settleSeconds * 1e9);
            long[] finishedAt = {Long.MIN_VALUE};
            host.runUntil(() -> {
                bar.update(device.progress(), device.statistics().rxPackets() + " frames in, " + device.recordedFrames() + " out");
                if (!device.finished()) {
                    return false;
                }
                if (finishedAt[0] == Long.MIN_VALUE) {
                    finishedAt[0] = clock.nanoTime();
                }
                return clock.nanoTime() - finishedAt[0] >= settle;
            }, Long.MAX_VALUE);
            bar.finish(1.0, device.statistics().rxPackets() + " frames in, " + device.recordedFrames() + " out");
            host.stop(0);
            report = host.report();
            endedAt = clock.nanoTime();
        } finally {
            inet.close();
        }
        String error = device.error();
        System.out.println(String.format(Locale.ROOT, "replay: frames-in=%d frames-out=%d skipped=%d connections=%d"
                        + " bytes-in=%d bytes-out=%d clock=%s capture-time=%.3fs out=%s", device.statistics().rxPackets(),
                device.recordedFrames(), device.skippedRecords() + device.truncatedRecords(), report.connections(),
                report.bytesIn(), report.bytesOut(), realtime ? "real" : "virtual", (endedAt - start) / 1e9, output));
        if (error != null) {
            System.err.println("margay replay: the capture ended in an error: " + error);
            return CliError.FAILURE;
        }
        return 0;
    }
}
