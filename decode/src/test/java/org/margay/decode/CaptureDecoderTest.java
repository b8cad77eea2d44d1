package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture-level contract: whole files, empty files, files cut short and files that are not captures. */
class CaptureDecoderTest {

    @Test
    void aWholeCaptureDecodesToOneLinePerPacket() {
        byte[] pcap = Captures.pcap(TestVectors.RAW_IP_LINK_TYPE, TestVectors.RAW_IP);
        Captures.Decoded decoded = Captures.decode(pcap, DecodeOptions.tcpdump(TcpdumpStyle.plain()));
        assertTrue(decoded.result().ok());
        assertEquals(0, decoded.result().exitCode());
        assertEquals(2, decoded.result().packets());
        assertEquals(TestVectors.RAW_IP_PLAIN, decoded.out());
        assertEquals("", decoded.err());
    }

    @Test
    void anEmptyCapturePrintsNothingOrJustTheHeader() {
        byte[] pcap = Captures.pcap(1, java.util.List.of());
        assertEquals("", Captures.decode(pcap, DecodeOptions.tcpdump(TcpdumpStyle.plain())).out());
        assertEquals(TsharkFieldsFormatter.header() + "\n", Captures.decode(pcap, DecodeOptions.fields()).out());
    }

    @Test
    void aCaptureCutInItsLastRecordPrintsTheOthersThenOneErrorLine() {
        byte[] pcap = Captures.pcap(TestVectors.ETHERNET_LINK_TYPE, TestVectors.ETHERNET.subList(0, 3));
        byte[] cut = Arrays.copyOf(pcap, pcap.length - 10);
        Captures.Decoded decoded = Captures.decode(cut, DecodeOptions.tcpdump(TcpdumpStyle.plain()));
        assertFalse(decoded.result().ok());
        assertEquals(1, decoded.result().exitCode());
        assertEquals(2, decoded.result().packets());
        assertEquals(2, decoded.out().split("\n").length);
        assertTrue(decoded.err().startsWith("margay decode: test.pcap: "), decoded.err());
        assertEquals(1, decoded.err().split("\n").length, decoded.err());
    }

    @Test
    void bytesThatAreNotACaptureGiveOneErrorLine() {
        Captures.Decoded decoded = Captures.decode("hello, world".getBytes(StandardCharsets.US_ASCII),
                DecodeOptions.fields());
        assertEquals(1, decoded.result().exitCode());
        assertEquals(0, decoded.result().packets());
        assertEquals("", decoded.out());
        assertTrue(decoded.err().startsWith("margay decode: test.pcap: "), decoded.err());
        assertFalse(decoded.err().contains("Exception"), decoded.err());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = dir.resolve("missing.pcap");
        DecodeResult result = CaptureDecoder.decode(missing, DecodeOptions.fields(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, result.exitCode());
        assertEquals("margay decode: " + missing + ": no such file\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileOnDiskDecodesLikeTheStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sll.pcap");
        Files.write(file, Captures.pcap(TestVectors.LINUX_SLL_LINK_TYPE, TestVectors.LINUX_SLL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecodeResult result = CaptureDecoder.decode(file,
                DecodeOptions.tcpdump(new TcpdumpStyle(true, 2, false, TimestampFormat.TIME_OF_DAY, false)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertTrue(result.ok());
        assertEquals(TestVectors.LINUX_SLL_LINK_VERBOSE2, out.toString(StandardCharsets.UTF_8));
    }
}
