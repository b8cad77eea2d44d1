package org.margay.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.DecodeResult;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * Margay's own reference captures decode exactly as the real tcpdump printed them when they were recorded
 * ({@code TZ=GMT0 tcpdump -n -e -tttt}). Needs no outside corpus: the captures ship with pcap-fixtures.
 */
class ProjectCaptureDecodeTest {

    @Test
    void everyProjectCaptureMatchesItsRecordedTcpdumpDecode() {
        for (String name : ProjectCaptures.NAMES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            DecodeResult result = CaptureDecoder.decode(ProjectCaptures.open(name), name,
                    DecodeOptions.tcpdump(new TcpdumpStyle(true, 0, false, TimestampFormat.DATE_AND_TIME, false)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, result.exitCode(), err.toString(StandardCharsets.UTF_8));
            assertEquals(ProjectCaptures.tcpdumpDecode(name), out.toString(StandardCharsets.UTF_8), name);
        }
    }
}
