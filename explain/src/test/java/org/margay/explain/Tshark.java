package org.margay.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.margay.explain.model.Finding;

/** Runs the real tshark on a capture for its expert info, when it is installed. */
final class Tshark {
    private Tshark() {
    }

    /** The tshark binary, or null when it is not installed. */
    static String binary() {
        for (String candidate : new String[] {"/usr/bin/tshark", "/usr/local/bin/tshark"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** Frame number to tshark's findings. Port 5000 is decoded as plain data (tshark guesses a GSM protocol). */
    static Map<Integer, Set<Finding>> expert(String tshark, Path capture) throws IOException, InterruptedException {
        List<String> command = List.of(tshark, "-n", "-r", capture.toString(), "-d", "tcp.port==5000,data",
                "-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "_ws.expert.message");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("tshark failed on " + capture);
        }
        Map<Integer, Set<Finding>> result = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            result.put(Integer.parseInt(cells[0].trim()), TsharkExpert.findings(cells.length > 1 ? cells[1] : ""));
        }
        return result;
    }
}
