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
 * same number of packets, same timestamps (tcpdump -tttt prints UTC to the microsecond) and wire lengths.
 */
class ProjectCapturesTest {
    private static final DateTimeFormatter TCPDUMP_TTTT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Test
    void everyProjectCaptureMatchesItsTcpdumpDecode() throws IOException {
        for (String name : ProjectCaptures.NAMES) {
            List<String> lines = ProjectCaptures.tcpdumpDecode(name).lines().filter(l -> !l.isBlank()).toList();
            try (CaptureReader reader = CaptureReader.open(ProjectCaptures.open(name))) {
                int i = 0;
                while (reader.next()) {
                    String line = lines.get(i++);
                    String stamp = TCPDUMP_TTTT.format(Instant.ofEpochSecond(reader.timestampSeconds(),
                            reader.timestampNanos()));
                    assertTrue(line.startsWith(stamp + " "), name + " packet " + i + ": " + stamp + " vs " + line);
                    assertTrue(line.contains(", length " + reader.originalLength() + ":"),
                            name + " packet " + i + ": length " + reader.originalLength() + " vs " + line);
                    assertEquals(LinkType.ETHERNET, reader.link());
                }
                assertEquals(lines.size(), i, name + ": packet count");
            }
        }
    }
}
