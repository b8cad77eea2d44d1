package org.margay.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.margay.device.pcap.CapturingDevice;
import org.margay.explain.live.EventLog;
import org.margay.explain.live.LiveProbe;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.Clock;
import org.margay.stack.InetStack;

/**
 * Live mode, behind {@code --pcap FILE} of {@code serve}, {@code connect} and {@code demo}: the running stack's
 * frames, sent and received, recorded to {@code FILE} (pcapng, by a {@link CapturingDevice} under the stack), and its
 * event log (state transitions with their RFC rule, retransmissions with their cause, cwnd / ssthresh / RTT / RTO
 * changes: a {@link LiveProbe} on its TCP layer) streamed to {@code FILE.events}. Wireshark and {@code tshark -r}
 * open the capture; {@code margay explain FILE} finds the log beside it and shows the stack's exact events.
 *
 * <p>Without the flag none of this exists: the stack runs on its device directly. Cold path except the two
 * per-frame callbacks, which allocate nothing. Close after the stack (and its device) closed.
 */
final class LiveCapture implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private final long epochOffsetNanos;
    private final LiveProbe probe;
    private CapturingDevice device;

    private LiveCapture(Path file, Clock clock, long epochOffsetNanos, LiveProbe probe) {
        this.file = file;
        this.clock = clock;
        this.epochOffsetNanos = epochOffsetNanos;
        this.probe = probe;
    }

    /**
     * Prepares a capture to {@code file} and its event log, for stacks on {@code clock}: a {@code virtual} clock's
     * time is written as it is (it starts near zero), a real one's is shifted to the Unix epoch.
     *
     * @throws CliError (exit 1) when either file cannot be created
     */
    static LiveCapture open(Path file, Clock clock, boolean virtual) {
        long offset = virtual ? 0 : CapturingDevice.epochOffsetOf(clock);
        try {
            LiveProbe probe = new LiveProbe(EventLog.sidecarOf(file), file.getFileName().toString(), offset);
            return new LiveCapture(file, clock, offset, probe);
        } catch (IOException e) {
            throw CliError.failure("--pcap: cannot create the event log beside " + file + ": " + e.getMessage(), e);
        }
    }

    /** The recording decorator over {@code inner} (call once). */
    NetworkDevice wrap(NetworkDevice inner) {
        if (device != null) {
            throw new IllegalStateException("a live capture records one device");
        }
        try {
            device = new CapturingDevice(inner, file, clock, epochOffsetNanos, probe::onFrame);
        } catch (IOException e) {
            throw CliError.failure("--pcap: cannot create " + file + ": " + e.getMessage(), e);
        }
        return device;
    }

    /** Logs the events of {@code stack}, called {@code name}. */
    void attach(String name, InetStack stack) {
        probe.attach(name, stack.address(), stack.tcpLayer(), clock);
    }

    /** Frames received and recorded. */
    long framesIn() {
        return device == null ? 0 : device.framesIn();
    }

    /** Frames sent and recorded. */
    long framesOut() {
        return device == null ? 0 : device.framesOut();
    }

    /** Pushes what both files buffer to disk (so that a reader sees everything so far). */
    void flush() {
        if (device != null) {
            device.flush();
        }
        probe.flush();
    }

    /**
     * {@code pcap=FILE frames=N in=N out=N events=N samples=N log=FILE.events}, plus the error that stopped recording,
     * if any.
     */
    String summary() {
        StringBuilder b = new StringBuilder().append("pcap=").append(file).append(" frames=").append(framesIn() + framesOut())
                .append(" in=").append(framesIn()).append(" out=").append(framesOut()).append(" events=")
                .append(probe.events()).append(" samples=").append(probe.samples()).append(" log=").append(probe.file());
        String error = device != null && device.error() != null ? device.error() : probe.error();
        if (error != null) {
            b.append(" error=\"").append(error).append('"');
        }
        return b.toString();
    }

    /** Closes the log (the capture file closes with its device, which the stack owns); idempotent. */
    @Override
    public void close() {
        probe.close();
        if (device != null) {
            device.close(); // idempotent: normally already closed with the stack
        }
    }
}
