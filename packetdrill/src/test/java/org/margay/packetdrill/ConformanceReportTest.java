package org.margay.packetdrill;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Markdown report: counts, targets, one row per script, and an explanation for every non-pass. */
class ConformanceReportTest {
    @Test
    void reportsCountsRowsAndReasons() {
        List<ScriptResult> results = List.of(
                new ScriptResult("a/pass.pkt", Profile.LINUX, Verdict.PASSED, "", List.of()),
                new ScriptResult("b/tcp_close_no_rst.pkt", Profile.LINUX, Verdict.FAILED, "line 26: x | y", List.of()),
                new ScriptResult("c/new.pkt", Profile.FREEBSD, Verdict.FAILED, "line 1: z", List.of()),
                new ScriptResult("d/u.pkt", Profile.LINUX, Verdict.UNSUPPORTED, "socket option X", List.of()));
        String md = ConformanceReport.markdown(results, "corpus", "regen-command");
        assertTrue(md.contains("```sh\nregen-command\n```"), md);
        assertTrue(md.contains("| pass rate of the supported | 1/3 = 33.3 % (target ≥ 90 %) |"), md);
        assertTrue(md.contains("`passed=1 failed=2 unsupported=1`"), md);
        assertTrue(md.contains("| FAIL | `b/tcp_close_no_rst.pkt` | linux | line 26: x \\| y |"), md);
        assertTrue(md.contains("tcp_sack_reset"), md); // the recorded reason
        assertTrue(md.contains("**`c/new.pkt`** (fail): not yet analysed"), md);
        assertTrue(md.contains("**`d/u.pkt`** (unsup): unsupported for the reason"), md);
    }

    @Test
    void mainWritesTheMarkdownFile() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pd-md");
        java.nio.file.Path script = dir.resolve("s.pkt");
        java.nio.file.Files.writeString(script, "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        java.nio.file.Path md = dir.resolve("out.md");
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        PacketdrillMain.run(new String[] {"--markdown", md.toString(), script.toString()}, sink, sink);
        assertTrue(java.nio.file.Files.readString(md).startsWith("# Conformance"));
    }
}
