package org.margay.packetdrill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PacketdrillMain.run(args, new PrintStream(out), new PrintStream(err));
    }

    @Test
    void usageErrors() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("usage: packetdrill"));
        assertEquals(2, run("--profile", "solaris", "x.pkt"));
        assertTrue(err.toString().contains("unknown profile 'solaris'"));
        assertEquals(2, run("--frobnicate", "x.pkt"));
        assertEquals(2, run("/no/such/path.pkt"));
        assertTrue(err.toString().contains("no such file or directory"));
        assertEquals(0, run("--help"));
    }
}
