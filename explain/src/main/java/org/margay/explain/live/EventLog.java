package org.margay.explain.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.margay.explain.model.Endpoint;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Metric;
import org.margay.explain.model.RetransmitCause;
import org.margay.net.common.Ipv4Address;

/**
 * The event log a live Margay stack writes beside its capture ({@code FILE.pcapng} → {@code FILE.pcapng.events}),
 * and its reader. A text file, UTF-8, one record per line, fields separated by tabs, so that it streams to disk and
 * survives a killed process up to its last full line:
 * <pre>
 * #margay-event-log 1
 * #capture  NAME
 * #host     NAME  ADDRESS
 * E  TIME  AFTER-FRAME  HOST  LOCAL  REMOTE  KIND    PACKET  TEXT      an event of HOST's stack about LOCAL-REMOTE
 * S  TIME  AFTER-FRAME  HOST  LOCAL  REMOTE  METRIC  VALUE             a sample (written when the value changes)
 * R  TIME  FRAME        HOST  CAUSE                                    frame FRAME resends data, for CAUSE
 * </pre>
 * TIME is in nanoseconds on the capture's time base (the same offset as the capture's timestamps); AFTER-FRAME is
 * the number of frames recorded before the event (it happened after that frame and before the next); PACKET is the
 * frame the event is about (0: none); KIND, METRIC and CAUSE are the names of {@link EventKind}, {@link Metric} and
 * {@link RetransmitCause}; LOCAL and REMOTE are {@code a.b.c.d:port}; VALUE is a decimal or {@code nan}.
 *
 * <p>The reader never throws on content: a line it cannot read is counted in {@link #badLines()} (the first
 * problem kept) and skipped.
 */
public final class EventLog {
    /** The first line of every event log. */
    public static final String MAGIC = "#margay-event-log 1";
    /** The suffix added to the capture's file name. */
    public static final String SUFFIX = ".events";

    /** An event of one stack about one connection. */
    public record Event(long time, long afterFrame, String host, Endpoint local, Endpoint remote, EventKind kind,
                        int packet, String text) {
    }

    /** A sample of one metric of one connection. */
    public record Sample(long time, long afterFrame, String host, Endpoint local, Endpoint remote, Metric metric,
                         double value) {
    }

    private final Map<Integer, String> hosts = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<Long, RetransmitCause> causes = new HashMap<>();
    private String capture = "";
    private int badLines;
    private String firstProblem = "";

    private EventLog() {
    }

    /** Where the event log of {@code capture} is: beside it, its name plus {@value #SUFFIX}. */
    public static Path sidecarOf(Path capture) {
        return capture.resolveSibling(capture.getFileName().toString() + SUFFIX);
    }

    /** Whether {@code file} starts like an event log. */
    public static boolean looksLikeEventLog(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.equals(MAGIC);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads {@code file}. Only a file that cannot be opened or is not an event log at all (wrong first line)
     * throws; bad lines are counted.
     */
    public static EventLog read(Path file) throws IOException {
        EventLog log = new EventLog();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.equals(MAGIC)) {
                throw new IOException(file + " is not a Margay event log (its first line is not '" + MAGIC + "')");
            }
            String line;
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    log.parse(line);
                } catch (RuntimeException e) {
                    if (log.badLines++ == 0) {
                        log.firstProblem = "line " + number + ": " + e.getMessage();
                    }
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            log.badLines++;
            if (log.firstProblem.isEmpty()) {
                log.firstProblem = "not UTF-8 text: " + e.getMessage();
            }
        }
        return log;
    }

    private void parse(String line) {
        String[] f = line.split("\t", -1);
        switch (f[0]) {
            case "#capture" -> capture = field(f, 1);
            case "#host" -> hosts.put(Ipv4Address.parse(field(f, 2)), field(f, 1));
            case "E" -> {
                need(f, 9);
                events.add(new Event(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], endpoint(f[4]), endpoint(f[5]),
                        EventKind.valueOf(f[6]), Integer.parseInt(f[7]), f[8]));
            }
            case "S" -> {
                need(f, 8);
                double value = f[7].equals("nan") ? Double.NaN : Double.parseDouble(f[7]);
                samples.add(new Sample(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], endpoint(f[4]),
                        endpoint(f[5]), Metric.valueOf(f[6]), value));
            }
            case "R" -> {
                need(f, 5);
                causes.put(Long.parseLong(f[2]), RetransmitCause.valueOf(f[4]));
            }
            default -> {
                if (!f[0].startsWith("#")) {
                    throw new IllegalArgumentException("unknown record type '" + f[0] + "'");
                }
            }
        }
    }

    private static String field(String[] f, int i) {
        need(f, i + 1);
        return f[i];
    }

    private static void need(String[] f, int n) {
        if (f.length < n) {
            throw new IllegalArgumentException("a '" + f[0] + "' line needs " + n + " fields, has " + f.length);
        }
    }

    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not ADDRESS:PORT: '" + text + "'");
        }
        return new Endpoint(Ipv4Address.parse(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    }

    /** The stacks that wrote the log: address → name. */
    public Map<Integer, String> hosts() {
        return hosts;
    }

    /** The name of the host with address {@code ip}, or null when no logging stack had it. */
    public String hostName(int ip) {
        return hosts.get(ip);
    }

    /** The capture's file name as the writer knew it. */
    public String capture() {
        return capture;
    }

    /** The events, in the order written. */
    public List<Event> events() {
        return events;
    }

    /** The samples, in the order written. */
    public List<Sample> samples() {
        return samples;
    }

    /** Why frame {@code frame} resends data, or null when it is not a retransmission of a logging stack. */
    public RetransmitCause cause(long frame) {
        return causes.get(frame);
    }

    /** Frames the log says are retransmissions. */
    public int retransmissions() {
        return causes.size();
    }

    /** Lines that could not be read. */
    public int badLines() {
        return badLines;
    }

    /** The first unreadable line and why, or empty. */
    public String firstProblem() {
        return firstProblem;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EventLog[%d hosts, %d events, %d samples, %d retransmissions, %d bad lines]",
                hosts.size(), events.size(), samples.size(), causes.size(), badLines);
    }
}
