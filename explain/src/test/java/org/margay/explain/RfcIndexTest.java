package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.explain.rfc.RfcIndex;

/** The RFC index: citation parsing, and that docs/RFC-INDEX.md matches the sources. */
class RfcIndexTest {

    @TempDir
    Path dir;

    @Test
    void citationsIncludeFollowingSectionsOfTheSameRfc() throws IOException {
        Path main = dir.resolve("mod/src/main/java/a");
        Files.createDirectories(main);
        Files.writeString(main.resolve("A.java"), """
                /** RFC 1122 §3.2.2.1, §4.1.3.3 and RFC 5961 §3-§5; RFC 9293 (no section); RFC 793 section 3.4. */
                class A { String s = "RFC 6298 §5.5"; }
                """);
        Files.createDirectories(dir.resolve("docs"));
        String index = RfcIndex.generate(dir);
        for (String expected : List.of("| §3.2.2.1 | `mod` A |", "| §4.1.3.3 | `mod` A |", "| §3 | `mod` A |",
                "| §5 | `mod` A |", "| §5.5 | `mod` A |", "| §3.4 | `mod` A |")) {
            assertTrue(index.contains(expected), expected + " in\n" + index);
        }
        assertTrue(!index.contains("## RFC 9293"), "a citation without a section is not indexed");
        assertTrue(index.contains("4 RFCs, 6 sections, 6 citations in 1 classes."), index);
        RfcIndex.write(dir);
        assertTrue(RfcIndex.isCurrent(dir));
        Files.writeString(main.resolve("B.java"), "/** RFC 768 §1 */ class B {}");
        assertTrue(!RfcIndex.isCurrent(dir), "a new citation makes the file stale");
    }

    @Test
    void docsRfcIndexIsCurrent() throws IOException {
        String property = System.getProperty("margay.root");
        Assumptions.assumeTrue(property != null && Files.isDirectory(Path.of(property, "docs")),
                "the repository root (margay.root) is not known: RFC index staleness not checked");
        Path root = Path.of(property);
        assertTrue(RfcIndex.isCurrent(root), RfcIndex.FILE + " is stale: regenerate it with"
                + " `./margay explain --rfc-index --write` (or java -cp explain/target/classes"
                + " org.margay.explain.rfc.RfcIndex . --write) and commit it");
        assertEquals(RfcIndex.generate(root), RfcIndex.generate(root), "the output is deterministic");
    }
}
