package org.margay.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.DecodeResult;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay decode}: prints a capture (pcap or pcapng) one line per packet as {@code tcpdump -n} does, or
 * as tshark-style field rows with {@code --fields}. Exit codes: 0 when the whole capture was read, 1 when it
 * is unreadable or corrupt (packets before the problem are still printed, then one line
 * {@code margay decode: FILE: MESSAGE} on stderr), 2 for usage errors.
 *
 * <p>Hidden options exist for comparing with tcpdump's own test outputs: {@code -#} (packet numbers),
 * {@code -q} (quiet transport lines); {@code -v} may be repeated ({@code -vv}, {@code -vvv}).
 */
@Command(
        name = "decode",
        description = {
            "Print a pcap/pcapng capture one line per packet, like tcpdump -n (Ethernet, VLAN, ARP, IPv4, ICMP, "
                    + "UDP, TCP), or as tshark-style fields with --fields.",
            "Times are UTC."})
public final class DecodeCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "-e", description = "Print the link-level header (MAC addresses, EtherType, VLAN tags).")
    boolean linkHeader;

    @Option(names = "-v", description = "Verbose: the IP header line and checksum verdicts. Repeat for more.")
    boolean[] verbose = new boolean[0];

    @ArgGroup(exclusive = true)
    Timestamps timestamps;

    @Option(names = "--fields", description = "Print a tab-separated table of tshark-style fields instead.")
    boolean fields;

    @Option(names = "-#", hidden = true, description = "Number the packets, as tcpdump -# does.")
    boolean packetNumbers;

    @Option(names = "-q", hidden = true, description = "Quiet transport lines, as tcpdump -q.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "FILE", description = "The capture file (pcap or pcapng).")
    Path file;

    /** The mutually exclusive timestamp forms. */
    static final class Timestamps {
        @Option(names = "-tt", description = "Timestamps as epoch seconds.")
        boolean epoch;

        @Option(names = "-tttt", description = "Timestamps as date and time.")
        boolean dateAndTime;
    }

    private final PrintStream out;
    private final PrintStream err;

    /** The command as the launcher runs it: standard output and error. */
    public DecodeCommand() {
        this(System.out, System.err);
    }

    /** The command writing to the given streams (tests, embedding). */
    public DecodeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        DecodeResult result = CaptureDecoder.decode(file, options(), out, err);
        return result.exitCode();
    }

    /** The decode options the flags describe. */
    DecodeOptions options() {
        if (fields) {
            return DecodeOptions.fields();
        }
        TimestampFormat format = TimestampFormat.TIME_OF_DAY;
        if (timestamps != null && timestamps.epoch) {
            format = TimestampFormat.EPOCH;
        } else if (timestamps != null && timestamps.dateAndTime) {
            format = TimestampFormat.DATE_AND_TIME;
        }
        return DecodeOptions.tcpdump(new TcpdumpStyle(linkHeader, verbose.length, quiet, format, packetNumbers));
    }
}
