package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.explain.lab.Scenarios;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.render.LadderDiagram;

/**
 * The pictures as a person gets them: each kind (a ladder diagram, the plots) rendered to PNG by a real SVG renderer
 * ({@code rsvg-convert}, Debian package librsvg2-bin), which must accept the file without a complaint and draw it at
 * the size the SVG declares. (That labels do not overlap and stay inside the picture is {@link LayoutTest}'s job;
 * {@code explain/scripts/render-examples.sh} renders the examples kept in {@code docs/images}.)
 */
class PictureRenderTest {
    private static final Pattern SIZE = Pattern.compile("<svg [^>]*width=\"(\\d+)\" height=\"(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    void ladderAndPlotsRenderToPngAtTheirDeclaredSize() throws Exception {
        assumeTrue(onPath("rsvg-convert"), "rsvg-convert is not installed (Debian package librsvg2-bin)");
        Explanation sack = Scenarios.named("sack").explain();
        ConnectionTimeline c = Explain.focus(sack, 0);
        assertNotNull(c);
        Path ladder = dir.resolve("ladder.svg");
        Explain.writeLadder(c, new LadderDiagram.Options(0, 60), ladder);
        render(ladder);
        Explanation slowStart = Scenarios.named("slow-start").explain();
        Path plot = dir.resolve("plot.svg");
        Explain.writePlot(Explain.focus(slowStart, 0), plot);
        render(plot);
    }

    private void render(Path svg) throws IOException, InterruptedException {
        Path png = dir.resolve(svg.getFileName().toString().replace(".svg", ".png"));
        Process p = new ProcessBuilder("rsvg-convert", "--background-color=white", svg.toString(), "-o", png.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertTrue(said.isBlank(), "rsvg-convert complained about " + svg.getFileName() + ": " + said);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "a picture, not an empty file");
        assertEquals(0x89504E47, ByteBuffer.wrap(bytes, 0, 4).getInt(), "a PNG");
        int width = ByteBuffer.wrap(bytes, 16, 4).getInt();   // IHDR: width, then height
        int height = ByteBuffer.wrap(bytes, 20, 4).getInt();
        Matcher m = SIZE.matcher(Files.readString(svg));
        assertTrue(m.find());
        assertEquals(Integer.parseInt(m.group(1)), width);
        assertEquals(Integer.parseInt(m.group(2)), height);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
