package org.margay.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * The project's own captures read with this module's reader agree with the tcpdump decode recorded beside them:
 * same number of packets, same timestamps (tcpdump -tttt prints UTC to the microsecond) and, on whole Ethernet
 * frames, wire lengths. Continuation lines (hex dumps tcpdump prints for unknown types) start with white space and
 * are not records.
 */
class ProjectCapturesTest {
    private static final List<LinkType> SUPPORTED = List.of(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.IPV4,
            LinkType.RAW);
    private static final DateTimeFormatter TCPDUMP_TTTT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Test
    void everyProjectCaptureMatchesItsTcpdumpDecode() throws IOException {
        for (String name : ProjectCaptures.NAMES) {
            List<String> lines = ProjectCaptures.tcpdumpDecode(name).lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
            try (CaptureReader reader = CaptureReader.open(ProjectCaptures.open(name))) {
                int i = 0;
                while (reader.next()) {
                    String line = lines.get(i++);
                    String stamp = TCPDUMP_TTTT.format(Instant.ofEpochSecond(reader.timestampSeconds(),
                            reader.timestampNanos()));
                    assertTrue(line.startsWith(stamp + " "), name + " packet " + i + ": " + stamp + " vs " + line);
                    assertTrue(SUPPORTED.contains(reader.link()), name + ": link type " + reader.link());
                    if (reader.link() == LinkType.ETHERNET && !line.contains("[|")) {
                        assertTrue(line.contains(", length " + reader.originalLength() + ":"),
                                name + " packet " + i + ": length " + reader.originalLength() + " vs " + line);
                    }
                }
                assertEquals(lines.size(), i, name + ": packet count");
            }
        }
    }
}
