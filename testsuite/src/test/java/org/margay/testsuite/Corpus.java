package org.margay.testsuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the outside corpus of captures is, and which files in it are captures. */
final class Corpus {
    private Corpus() {
    }

    /** The corpus root from the {@code margay.corpus} system property (set by the build), or null. */
    static Path root() {
        String property = System.getProperty("margay.corpus");
        if (property == null || property.isBlank()) {
            return null;
        }
        Path root = Path.of(property);
        return Files.isDirectory(root.resolve("pcap")) ? root : null;
    }

    /** The skip message for tests that need the corpus. */
    static String absent() {
        return "the capture corpus is absent (system property margay.corpus = " + System.getProperty("margay.corpus")
                + "); corpus tests skipped";
    }

    /** Every capture under {@code pcap/}: files ending in .pcap or .pcapng, outside Zeek baseline folders. */
    static List<Path> captures(Path root) {
        try (Stream<Path> files = Files.walk(root.resolve("pcap"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".pcap")
                            || p.getFileName().toString().endsWith(".pcapng"))
                    .filter(p -> !p.toString().contains(".zeek-baseline"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path relative to the corpus's pcap folder, for reports. */
    static String name(Path root, Path capture) {
        return root.resolve("pcap").relativize(capture).toString();
    }

    /** The expected-output file beside a capture: its name plus {@code suffix}. */
    static Path beside(Path capture, String suffix) {
        return capture.resolveSibling(capture.getFileName() + suffix);
    }
}
