package org.margay.explain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.margay.explain.lab.Scenario;
import org.margay.explain.lab.Scenarios;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.render.LadderDiagram;
import org.margay.explain.render.Svg;
import org.margay.explain.render.TextTimeline;
import org.margay.explain.render.TimeSeriesPlot;

/**
 * The front door of {@code margay explain}: picks the conversation to draw, writes the text timeline, the ladder
 * diagram and the plots, and lists the lab scenarios. The CLI parses options and calls these.
 */
public final class Explain {
    private Explain() {
    }

    /**
     * The conversation to draw: number {@code id} when it is not 0, else the TCP conversation with the most
     * packets (the first on ties), else the first one; null when there is none.
     */
    public static ConnectionTimeline focus(Explanation x, int id) {
        if (id != 0) {
            return x.connection(id);
        }
        ConnectionTimeline best = null;
        for (ConnectionTimeline c : x.connections()) {
            if (best == null || c.isTcp() && !best.isTcp()
                    || c.isTcp() == best.isTcp() && c.packets().size() > best.packets().size()) {
                best = c;
            }
        }
        return best;
    }

    /** Prints the explanation as a timeline ({@code packets}: a line per packet too; {@code id}: one conversation). */
    public static void print(Explanation x, boolean packets, int id, PrintStream out) {
        new TextTimeline(packets, id).print(x, out);
    }

    /** Writes the ladder diagram of {@code c} to {@code file}. */
    public static void writeLadder(ConnectionTimeline c, LadderDiagram.Options options, Path file) throws IOException {
        write(LadderDiagram.render(c, options), file);
    }

    /** Writes the plots of {@code c} to {@code file}. */
    public static void writePlot(ConnectionTimeline c, Path file) throws IOException {
        write(TimeSeriesPlot.render(c, -1), file);
    }

    private static void write(Svg svg, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
    }

    /** Prints the scenario catalogue: name, title, what to look for. */
    public static void listScenarios(PrintStream out) {
        for (Scenario s : Scenarios.all()) {
            out.printf("%-20s %s%n", s.name(), s.title());
        }
        out.println();
        out.println("run one with: margay explain --scenario NAME [--packets] [--svg FILE] [--plot FILE]");
    }

    /**
     * The repository root: {@code explicit} when given, else the {@code margay.root} system property, else the
     * nearest directory at or above the working directory whose pom.xml is Margay's parent pom; null if none.
     */
    public static Path repositoryRoot(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String property = System.getProperty("margay.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>margay-parent</artifactId>")
                        && Files.isDirectory(dir.resolve("docs"))) {
                    return dir;
                }
            } catch (IOException e) {
                return null;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
