package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Finding;
import org.margay.explain.model.PacketRecord;

/**
 * The passive analyser against tshark 4.0's expert info on every capture of the outside corpus that has a
 * {@code *.tshark-fields.tsv} beside it: frame by frame, per category. Prints the agreement table and asserts the
 * floors the report states. Skips with a message when the corpus is absent.
 */
class CorpusAgreementTest {

    static Path corpus() {
        String property = System.getProperty("margay.corpus");
        if (property == null || property.isBlank()) {
            return null;
        }
        Path root = Path.of(property);
        return Files.isDirectory(root.resolve("pcap")) ? root : null;
    }

    static List<Path> capturesWithTshark(Path root) {
        try (Stream<Path> files = Files.walk(root.resolve("pcap"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tshark-fields.tsv"))
                    .map(p -> p.resolveSibling(p.getFileName().toString().replace(".tshark-fields.tsv", "")))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares one capture; returns its agreement and appends disagreements to {@code log}. */
    static Agreement compare(Path capture, Map<Integer, Set<Finding>> tshark, List<String> log) throws IOException {
        Explanation x = CaptureExplainer.explain(capture);
        Map<Integer, Set<Finding>> ours = new java.util.HashMap<>();
        x.connections().forEach(c -> c.packets().forEach(p -> ours.put(p.number(), p.findings())));
        Agreement a = new Agreement();
        for (Map.Entry<Integer, Set<Finding>> e : tshark.entrySet()) {
            Set<Finding> mine = ours.getOrDefault(e.getKey(), Set.of());
            a.add(mine, e.getValue());
            if (!tcpCategories(mine).equals(tcpCategories(e.getValue()))) {
                log.add(capture.getFileName() + " frame " + e.getKey() + ": ours " + tcpCategories(mine) + " tshark "
                        + tcpCategories(e.getValue()));
            }
        }
        return a;
    }

    private static Set<Finding> tcpCategories(Set<Finding> s) {
        return s;
    }

    @Test
    void agreesWithTsharkOnTheCorpus() throws IOException {
        Path root = corpus();
        Assumptions.assumeTrue(root != null, "the capture corpus is absent (system property margay.corpus = "
                + System.getProperty("margay.corpus") + "): agreement with tshark not measured");
        Agreement total = new Agreement();
        List<String> log = new ArrayList<>();
        int files = 0;
        for (Path capture : capturesWithTshark(root)) {
            Path tsv = capture.resolveSibling(capture.getFileName() + ".tshark-fields.tsv");
            total.add(compare(capture, TsharkExpert.read(tsv), log));
            files++;
        }
        System.out.println("passive analyser vs tshark 4.0 expert info, " + files + " corpus captures:");
        System.out.print(total.table());
        log.forEach(line -> System.out.println("  differs: " + line));
        assertTrue(total.tshark(Finding.RETRANSMISSION) > 0, "the corpus has retransmissions to compare");
        assertTrue(total.percent(Finding.RETRANSMISSION) >= 90.0, total.table());
        assertTrue(total.percent(Finding.DUP_ACK) >= 90.0, total.table());
    }
}
