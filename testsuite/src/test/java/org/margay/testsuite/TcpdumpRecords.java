package org.margay.testsuite;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares tcpdump-style text packet by packet. Both sides are printed with {@code -#}, so a record starts at a
 * line beginning with the packet number and takes the continuation lines after it ({@code -v} IP lines,
 * quoted datagrams); comment lines ({@code #}) are dropped.
 *
 * <p>A record agrees when it is identical ({@link Verdict#EXACT}) or when it differs only where tcpdump went on
 * to decode the application payload, which {@code margay decode} does not ({@link Verdict#APPLICATION}): ours
 * ends with the transport summary ({@code , length 58} for TCP, {@code UDP, length 41}) and the expected
 * record starts with everything before that and continues with application text.
 */
final class TcpdumpRecords {
    private static final Pattern RECORD_START = Pattern.compile("^ {0,4}\\d+  ");
    private static final Pattern TCP_END = Pattern.compile(", length \\d+$");
    private static final Pattern UDP_END = Pattern.compile("UDP, length \\d+$");

    /** How one packet's text compares. */
    enum Verdict {
        /** Identical text. */
        EXACT,
        /** Identical up to the application payload, which only tcpdump decodes. */
        APPLICATION,
        /** Anything else (including a packet one side lacks). */
        DIFFERENT
    }

    private TcpdumpRecords() {
    }

    /** Splits text into per-packet records. */
    static List<String> records(String text) {
        List<String> records = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#") || line.startsWith("margay decode:")) {
                continue;
            }
            if (RECORD_START.matcher(line).find()) {
                records.add(line);
            } else if (!records.isEmpty() && !line.isEmpty()) {
                int last = records.size() - 1;
                records.set(last, records.get(last) + "\n" + line);
            }
        }
        return records;
    }

    /** The verdict for our record against tcpdump's. */
    static Verdict compare(String ours, String expected) {
        if (ours.equals(expected)) {
            return Verdict.EXACT;
        }
        if (ours.isEmpty() || expected.isEmpty()) {
            return Verdict.DIFFERENT;
        }
        if (ours.contains("Flags [") && TCP_END.matcher(ours).find() && expected.startsWith(ours)) {
            String rest = expected.substring(ours.length());
            if ((rest.startsWith(":") || rest.startsWith(" ")) && !rest.startsWith(" [RST") && !rest.startsWith(" [!RST")) {
                return Verdict.APPLICATION;
            }
        }
        Matcher udp = UDP_END.matcher(ours);
        if (udp.find()) {
            String before = ours.substring(0, udp.start());
            if (expected.startsWith(before) && !expected.startsWith("UDP, length", before.length())) {
                return Verdict.APPLICATION;
            }
        }
        return Verdict.DIFFERENT;
    }

    /** Counts of verdicts over a set of records. */
    static final class Tally {
        int exact;
        int application;
        int different;
        final List<String> differences = new ArrayList<>();

        void add(Tally other) {
            exact += other.exact;
            application += other.application;
            different += other.different;
        }

        int total() {
            return exact + application + different;
        }

        /** Agreeing records (exact or differing only in the application payload), in percent. */
        double agreement() {
            return total() == 0 ? 100.0 : 100.0 * (exact + application) / total();
        }

        @Override
        public String toString() {
            return String.format("%4d packets: %4d exact, %4d app-layer only, %3d different (%.2f%%)", total(), exact,
                    application, different, agreement());
        }
    }

    /** Compares two whole outputs record by record. */
    static Tally tally(String ours, String expected) {
        List<String> mine = records(ours);
        List<String> theirs = records(expected);
        Tally tally = new Tally();
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            String a = i < mine.size() ? mine.get(i) : "";
            String b = i < theirs.size() ? theirs.get(i) : "";
            switch (compare(a, b)) {
                case EXACT -> tally.exact++;
                case APPLICATION -> tally.application++;
                case DIFFERENT -> {
                    tally.different++;
                    tally.differences.add("  ours:     " + a.replace("\n", "\n            ") + "\n  expected: "
                            + b.replace("\n", "\n            "));
                }
            }
        }
        return tally;
    }
}
