package org.margay.packetdrill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every script of the outside corpus ({@code margay.corpus}/packetdrill, read in place) and prints the report.
 * Script failures do not fail the build: the test asserts only that every script ran to a verdict (no crash) and
 * that the report ends with a well-formed summary line. Skipped, with a message, when the corpus is absent. With
 * {@code -Dmargay.conformance.markdown=FILE} it also writes the Markdown report ({@code docs/CONFORMANCE.md}).
 */
class CorpusTest {
    /** The command that regenerates docs/CONFORMANCE.md (from the repository root). */
    static final String REGENERATE = "./mvnw -B -o -q -pl packetdrill test -Dtest=CorpusTest"
            + " -Dmargay.conformance.markdown=$PWD/docs/CONFORMANCE.md";

    @Test
    void runsTheWholeCorpus() throws IOException {
        String property = System.getProperty("margay.corpus");
        Path root = property == null || property.isBlank() ? null : Path.of(property).resolve("packetdrill");
        assumeTrue(root != null && Files.isDirectory(root), "the packetdrill corpus is absent (system property"
                + " margay.corpus = " + property + "); corpus run skipped");
        List<ScriptResult> results = new PacketdrillRunner().runPaths(List.of(root));
        List<String> report = PacketdrillRunner.report(results, false);
        report.forEach(System.out::println);
        long scripts;
        try (var files = Files.walk(root)) {
            scripts = files.filter(p -> p.toString().endsWith(".pkt")).count();
        }
        assertEquals(scripts, results.size());
        for (ScriptResult r : results) {
            assertTrue(!r.detail().startsWith("the stack or runner threw"), "the run crashed: " + r.line());
        }
        String markdown = System.getProperty("margay.conformance.markdown");
        if (markdown != null && !markdown.isBlank()) {
            Files.writeString(Path.of(markdown), ConformanceReport.markdown(results, "../shared/corpus/packetdrill",
                    REGENERATE));
        }
        String last = report.get(report.size() - 1);
        assertTrue(last.matches("passed=\\d+ failed=\\d+ unsupported=\\d+"), last);
    }
}
