package org.margay.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.margay.explain.model.Finding;

/** tshark's expert messages (the {@code _ws.expert.message} column) read as {@link Finding}s, per frame number. */
final class TsharkExpert {
    private TsharkExpert() {
    }

    /** The findings in one expert-message cell (messages are separated by commas). */
    static Set<Finding> findings(String cell) {
        Set<Finding> out = EnumSet.noneOf(Finding.class);
        String text = cell.toLowerCase(Locale.ROOT);
        if (text.contains("(suspected) retransmission")) {
            out.add(Finding.RETRANSMISSION);
        }
        if (text.contains("(suspected) fast retransmission")) {
            out.add(Finding.FAST_RETRANSMISSION);
            out.add(Finding.RETRANSMISSION);
        }
        if (text.contains("(suspected) spurious retransmission")) {
            out.add(Finding.SPURIOUS_RETRANSMISSION);
            out.add(Finding.RETRANSMISSION);
        }
        if (text.contains("out-of-order")) {
            out.add(Finding.OUT_OF_ORDER);
        }
        if (text.contains("duplicate ack (#")) {
            out.add(Finding.DUP_ACK);
        }
        if (text.contains("ack to a tcp keep-alive")) {
            out.add(Finding.KEEP_ALIVE_ACK);
        } else if (text.contains("keep-alive")) {
            out.add(Finding.KEEP_ALIVE);
        }
        if (text.contains("ack to a tcp zero window probe") || text.contains("zero window probe ack")) {
            out.add(Finding.ZERO_WINDOW_PROBE_ACK);
        } else if (text.contains("zero window probe")) {
            out.add(Finding.ZERO_WINDOW_PROBE);
        } else if (text.contains("zero window")) {
            out.add(Finding.ZERO_WINDOW);
        }
        if (text.contains("window update")) {
            out.add(Finding.WINDOW_UPDATE);
        }
        if (text.contains("completely full") || text.contains("window full")) {
            out.add(Finding.WINDOW_FULL);
        }
        if (text.contains("previous segment(s) not captured")) {
            out.add(Finding.PREVIOUS_SEGMENT_NOT_CAPTURED);
        }
        if (text.contains("acked segment that wasn't captured")) {
            out.add(Finding.ACKED_UNSEEN_SEGMENT);
        }
        return out;
    }

    /** Frame number to findings, from a {@code *.tshark-fields.tsv} file with a header row. */
    static Map<Integer, Set<Finding>> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        Map<Integer, Set<Finding>> out = new HashMap<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int number = header.indexOf("frame.number");
        int expert = header.indexOf("_ws.expert.message");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            if (cells.length <= Math.max(number, expert)) {
                continue;
            }
            out.put(Integer.parseInt(cells[number].trim()), findings(cells[expert]));
        }
        return out;
    }
}
