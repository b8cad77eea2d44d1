package org.margay.explain.live;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.margay.explain.model.Endpoint;
import org.margay.explain.model.Metric;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.sim.StackProbe;

/**
 * Streams an {@link EventLog} to a file as the stack runs: a {@link StackProbe.Sink} that writes each event as it
 * happens and each sample only when its value changed. Lines go through a buffered writer (flushed by
 * {@link #flush()} and {@link #close()}); a sample line is built in a reused buffer, so writing one allocates
 * nothing. An I/O error stops the log (kept in {@link #error()}), never the stack. Single-threaded.
 */
public final class EventLogWriter implements StackProbe.Sink, AutoCloseable {
    private final Path file;
    private final Writer out;
    private final long epochOffsetNanos;
    private final StringBuilder line = new StringBuilder(256);
    private char[] chars = new char[256];
    private long afterFrame;
    private long events;
    private long samples;
    private String error;
    private boolean closed;

    /**
     * Creates {@code file} (truncating it) for the log of capture {@code captureName}; times written are the
     * stack clock's plus {@code epochOffsetNanos}, as in the capture.
     */
    public EventLogWriter(Path file, String captureName, long epochOffsetNanos) throws IOException {
        this.file = file;
        this.epochOffsetNanos = epochOffsetNanos;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(EventLog.MAGIC + "\n");
        out.write("#capture\t" + clean(captureName) + "\n");
        out.write("# E time after-frame host local remote kind packet text | S time after-frame host local remote"
                + " metric value | R time frame host cause; times in ns on the capture's time base\n");
    }

    /** Declares a logging stack: its name and address. */
    public void host(String name, int address) {
        line.setLength(0);
        line.append("#host\t").append(clean(name)).append('\t');
        appendIp(address);
        emit();
    }

    /** The number of frames recorded so far: events written from now on happened after that frame. */
    public void afterFrame(long frame) {
        afterFrame = frame;
    }

    @Override
    public void event(StackProbe probe, StackProbe.Watched w, StackProbe.Recorded r) {
        line.setLength(0);
        line.append("E\t").append(r.time() + epochOffsetNanos).append('\t').append(afterFrame).append('\t')
                .append(probe.host()).append('\t');
        appendEndpoint(w.local);
        line.append('\t');
        appendEndpoint(w.remote);
        line.append('\t').append(r.kind().name()).append('\t').append(r.packet()).append('\t');
        String text = r.text();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
        }
        events++;
        emit();
    }

    @Override
    public void sample(StackProbe probe, StackProbe.Watched w, Metric metric, long time, double value) {
        long bits = Double.doubleToLongBits(value); // every NaN is one pattern here
        if (w.lastWrittenBits[metric.ordinal()] == bits) {
            return;
        }
        w.lastWrittenBits[metric.ordinal()] = bits;
        line.setLength(0);
        line.append("S\t").append(time + epochOffsetNanos).append('\t').append(afterFrame).append('\t')
                .append(probe.host()).append('\t');
        appendEndpoint(w.local);
        line.append('\t');
        appendEndpoint(w.remote);
        line.append('\t').append(metric.name()).append('\t');
        if (Double.isNaN(value)) {
            line.append("nan");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e18) {
            line.append((long) value);
        } else {
            line.append(value);
        }
        samples++;
        emit();
    }

    /** Frame {@code frame}, sent by {@code host}, resends data for {@code cause}. */
    public void cause(long time, long frame, String host, RetransmitCause cause) {
        line.setLength(0);
        line.append("R\t").append(time + epochOffsetNanos).append('\t').append(frame).append('\t').append(host)
                .append('\t').append(cause.name());
        emit();
    }

    private void appendEndpoint(Endpoint e) {
        appendIp(e.ip());
        line.append(':').append(e.port());
    }

    private void appendIp(int ip) {
        line.append((ip >>> 24) & 0xFF).append('.').append((ip >>> 16) & 0xFF).append('.').append((ip >>> 8) & 0xFF)
                .append('.').append(ip & 0xFF);
    }

    private void emit() {
        if (closed || error != null) {
            return;
        }
        line.append('\n');
        int n = line.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        line.getChars(0, n, chars, 0);
        try {
            out.write(chars, 0, n);
        } catch (IOException e) {
            error = "writing the event log " + file + " failed: " + e.getMessage();
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Events written. */
    public long events() {
        return events;
    }

    /** Samples written. */
    public long samples() {
        return samples;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Why the log stopped early, or null. */
    public String error() {
        return error;
    }

    /** Pushes buffered lines to the file. */
    public void flush() {
        if (closed || error != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            error = "writing the event log " + file + " failed: " + e.getMessage();
        }
    }

    /** Flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (error == null) {
                error = "closing the event log " + file + " failed: " + e.getMessage();
            }
        }
    }
}
