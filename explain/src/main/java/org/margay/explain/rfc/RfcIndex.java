package org.margay.explain.rfc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates {@code docs/RFC-INDEX.md}: every RFC section cited as {@code RFC NNNN §x.y} in the main sources of every
 * module (comments, javadoc and the messages that quote a rule), mapped to the classes citing it. A citation may
 * list further sections of the same RFC ({@code RFC 1122 §3.2.2.1, §4.1.3.3}, {@code RFC 5961 §3-§5}); each
 * counts. The output is sorted and carries no date, so it changes only when the citations do; a test compares it
 * with the file in the repository and fails when that is stale.
 *
 * <p>Run {@code ./margay explain --rfc-index --write}, or {@code java ... org.margay.explain.rfc.RfcIndex ROOT
 * --write}.
 */
public final class RfcIndex {
    /** Where the index lives, relative to the repository root. */
    public static final String FILE = "docs/RFC-INDEX.md";
    private static final Pattern RFC = Pattern.compile("RFC ?(\\d{3,4})\\b");
    private static final Pattern FIRST = Pattern.compile("\\G[ \\u00a0]?\\(?(?:§|[Ss]ection )[ ]?(\\d+(?:\\.\\d+)*)");
    private static final Pattern MORE = Pattern.compile("\\G(?:\\)?[ ]*(?:,|and|or|/|-|–)[ ]*)(?:§|[Ss]ection )[ ]?"
            + "(\\d+(?:\\.\\d+)*)");
    private static final Map<Integer, String> TITLES = titles();

    private RfcIndex() {
    }

    /** One citation: which RFC section, in which module and class. */
    public record Citation(int rfc, String section, String module, String type) {
    }

    /** Every citation in the main sources under {@code root}, in file order. */
    public static List<Citation> scan(Path root) {
        List<Citation> out = new ArrayList<>();
        for (Path file : sources(root)) {
            String module = root.relativize(file).getName(0).toString();
            String type = file.getFileName().toString().replace(".java", "");
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.addAll(citations(text, module, type));
        }
        return out;
    }

    /** The citations in one source text. */
    static List<Citation> citations(String text, String module, String type) {
        List<Citation> out = new ArrayList<>();
        Matcher rfc = RFC.matcher(text);
        while (rfc.find()) {
            int number = Integer.parseInt(rfc.group(1));
            Matcher first = FIRST.matcher(text);
            if (!first.find(rfc.end())) {
                continue;
            }
            out.add(new Citation(number, first.group(1), module, type));
            int at = first.end();
            Matcher more = MORE.matcher(text);
            while (more.find(at)) {
                out.add(new Citation(number, more.group(1), module, type));
                at = more.end();
            }
        }
        return out;
    }

    /** The main source files of every module under {@code root} ({@code MODULE/src/main/java/**.java}), sorted. */
    static List<Path> sources(Path root) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(main)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The Markdown index of the citations under {@code root}. */
    public static String generate(Path root) {
        List<Citation> citations = scan(root);
        Map<Integer, Map<String, Map<String, Set<String>>>> index = new TreeMap<>();
        Set<String> files = new TreeSet<>();
        for (Citation c : citations) {
            index.computeIfAbsent(c.rfc(), k -> new TreeMap<>(RfcIndex::compareSections))
                    .computeIfAbsent(c.section(), k -> new TreeMap<>())
                    .computeIfAbsent(c.module(), k -> new TreeSet<>()).add(c.type());
            files.add(c.module() + "/" + c.type());
        }
        int sections = index.values().stream().mapToInt(Map::size).sum();
        StringBuilder b = new StringBuilder();
        b.append("# RFC index\n\n");
        b.append("Which code implements which RFC section: every `RFC NNNN §x.y` cited in the main sources of every"
                + " module\n(comments, javadoc, and the messages that quote a rule), mapped to the classes citing it."
                + " Generated by\n`org.margay.explain.rfc.RfcIndex`: run `./margay explain --rfc-index --write`."
                + " Do not edit by hand; `RfcIndexTest`\nfails when this file is stale.\n\n");
        b.append(index.size()).append(" RFCs, ").append(sections).append(" sections, ").append(citations.size())
                .append(" citations in ").append(files.size()).append(" classes.\n\n");
        b.append("| RFC | title | sections cited |\n|---|---|---|\n");
        for (var e : index.entrySet()) {
            b.append("| [RFC ").append(e.getKey()).append("](#rfc-").append(e.getKey()).append(") | ")
                    .append(TITLES.getOrDefault(e.getKey(), "")).append(" | ").append(e.getValue().size()).append(" |\n");
        }
        for (var e : index.entrySet()) {
            String title = TITLES.get(e.getKey());
            b.append("\n## RFC ").append(e.getKey()).append("\n\n");
            if (title != null) {
                b.append(title).append(" (https://www.rfc-editor.org/rfc/rfc").append(e.getKey()).append(")\n\n");
            }
            b.append("| section | cited in |\n|---|---|\n");
            for (var section : e.getValue().entrySet()) {
                List<String> where = new ArrayList<>();
                for (var module : section.getValue().entrySet()) {
                    where.add("`" + module.getKey() + "` " + String.join(", ", module.getValue()));
                }
                b.append("| §").append(section.getKey()).append(" | ").append(String.join("; ", where)).append(" |\n");
            }
        }
        return b.toString();
    }

    /** Compares "3.10.7.4" and "3.2" numerically, part by part. */
    static int compareSections(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Long.compare(parse(x[i]), parse(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether the index file under {@code root} is what {@link #generate} gives now. */
    public static boolean isCurrent(Path root) throws IOException {
        Path file = root.resolve(FILE);
        return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(generate(root));
    }

    /** Writes the index under {@code root}; returns the file. */
    public static Path write(Path root) throws IOException {
        Path file = root.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, generate(root), StandardCharsets.UTF_8);
        return file;
    }

    /** {@code RfcIndex [ROOT] [--write]}: prints the index, or writes it. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(".");
        boolean write = false;
        for (String a : args) {
            if (a.equals("--write")) {
                write = true;
            } else {
                root = Path.of(a);
            }
        }
        if (write) {
            System.out.println("wrote " + write(root));
        } else {
            System.out.print(generate(root));
        }
    }

    private static Map<Integer, String> titles() {
        Map<Integer, String> t = new TreeMap<>();
        t.put(768, "User Datagram Protocol");
        t.put(791, "Internet Protocol");
        t.put(792, "Internet Control Message Protocol");
        t.put(793, "Transmission Control Protocol (1981, obsoleted by RFC 9293)");
        t.put(815, "IP datagram reassembly algorithms");
        t.put(826, "An Ethernet Address Resolution Protocol");
        t.put(862, "Echo Protocol");
        t.put(863, "Discard Protocol");
        t.put(894, "IP datagrams over Ethernet networks");
        t.put(896, "Congestion control in IP/TCP internetworks");
        t.put(950, "Internet standard subnetting procedure");
        t.put(1071, "Computing the Internet checksum");
        t.put(1122, "Requirements for Internet hosts: communication layers");
        t.put(1191, "Path MTU discovery");
        t.put(1624, "Computation of the Internet checksum via incremental update");
        t.put(1256, "ICMP router discovery messages");
        t.put(1661, "The Point-to-Point Protocol (PPP)");
        t.put(1662, "PPP in HDLC-like framing");
        t.put(1812, "Requirements for IP version 4 routers");
        t.put(2113, "IP router alert option");
        t.put(2390, "Inverse Address Resolution Protocol");
        t.put(2474, "Definition of the Differentiated Services field");
        t.put(3522, "The Eifel detection algorithm for TCP");
        t.put(3986, "Uniform Resource Identifier (URI): generic syntax");
        t.put(4291, "IP version 6 addressing architecture");
        t.put(5482, "TCP user timeout option");
        t.put(5925, "The TCP Authentication Option");
        t.put(6093, "On the implementation of the TCP urgent mechanism");
        t.put(8259, "The JSON data interchange format");
        t.put(2018, "TCP selective acknowledgment options");
        t.put(2525, "Known TCP implementation problems");
        t.put(2883, "An extension to the SACK option for TCP (D-SACK)");
        t.put(3042, "Enhancing TCP's loss recovery using limited transmit");
        t.put(3168, "Explicit Congestion Notification (ECN) to IP");
        t.put(3465, "TCP congestion control with appropriate byte counting");
        t.put(4884, "Extended ICMP to support multi-part messages");
        t.put(4987, "TCP SYN flooding attacks and common mitigations");
        t.put(5227, "IPv4 address conflict detection");
        t.put(5681, "TCP congestion control");
        t.put(5927, "ICMP attacks against TCP");
        t.put(5961, "Improving TCP's robustness to blind in-window attacks");
        t.put(6056, "Recommendations for transport-protocol port randomization");
        t.put(6298, "Computing TCP's retransmission timer");
        t.put(6335, "IANA procedures for port numbers");
        t.put(6528, "Defending against sequence number attacks");
        t.put(6582, "The NewReno modification to TCP's fast recovery algorithm");
        t.put(6675, "A conservative loss recovery algorithm based on SACK for TCP");
        t.put(6691, "TCP options and maximum segment size");
        t.put(6928, "Increasing TCP's initial window");
        t.put(6937, "Proportional rate reduction for TCP");
        t.put(7323, "TCP extensions for high performance");
        t.put(7413, "TCP Fast Open");
        t.put(7661, "Updating TCP to support rate-limited traffic");
        t.put(8200, "Internet Protocol, version 6");
        t.put(8985, "The RACK-TLP loss detection algorithm for TCP");
        t.put(9110, "HTTP semantics");
        t.put(9112, "HTTP/1.1");
        t.put(9293, "Transmission Control Protocol (TCP)");
        t.put(9438, "CUBIC for fast and long-distance networks");
        return t;
    }

    /** Sorts citations for stable output (module, class, RFC, section). */
    static final Comparator<Citation> ORDER = Comparator.comparing(Citation::module).thenComparing(Citation::type)
            .thenComparingInt(Citation::rfc).thenComparing(Citation::section, RfcIndex::compareSections);
}
