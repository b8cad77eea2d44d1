package org.margay.pdpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.pdpix.memory.MemoryLibOS;

/** Choosing a library OS by configuration, and the configuration's and values' own checks. */
class LibOSesTest {
    @Test
    void theMemoryLibraryOsOpensByName() {
        assertTrue(LibOSes.names().contains("memory"), LibOSes.names().toString());
        try (LibOS libos = LibOSes.open(LibOSConfig.of("memory", "memory.buffers", "16"))) {
            assertEquals("memory", libos.name());
            int q = libos.queue();
            Sga sga = libos.sgaAlloc(5).fillUtf8("hello");
            assertEquals(Errno.OK, libos.blockingPush(q, sga, 0));
            libos.sgaFree(sga);
            QResult r = new QResult();
            assertEquals(Errno.OK, libos.blockingPop(q, r, 0));
            assertEquals("hello", r.sga().toUtf8());
            libos.sgaFree(r.sga());
            PdpixException e = assertThrows(PdpixException.class, () -> libos.socket(Domain.INET, SocketType.STREAM));
            assertEquals(Errno.EAFNOSUPPORT, e.errno());
            assertTrue(e.getMessage().contains("libos=inet"), e.getMessage());
        }
    }

    @Test
    void aTimedWaitOnTheSystemClockReturns() {
        for (String idle : new String[] {"spin", "park:20us", "backoff"}) {
            try (LibOS libos = LibOSes.open(LibOSConfig.of("memory", "memory.buffers", "4", LibOSConfig.IDLE, idle))) {
                int q = libos.queue();
                long pop = libos.pop(q);
                QResult r = new QResult();
                assertEquals(Errno.ETIMEDOUT, libos.wait(pop, r, 2_000_000L), idle);
                assertEquals(Errno.ETIMEDOUT, libos.blockingPop(q, r, 0), idle);
            }
        }
    }

    @Test
    void unknownOrMissingNamesAreClearErrors() {
        PdpixException unknown = assertThrows(PdpixException.class, () -> LibOSes.open(LibOSConfig.of("nosuch")));
        assertEquals(Errno.ENOSYS, unknown.errno());
        assertTrue(unknown.getMessage().contains("nosuch") && unknown.getMessage().contains("memory"), unknown.getMessage());
        PdpixException missing = assertThrows(PdpixException.class, () -> LibOSes.open(LibOSConfig.of(java.util.Map.of())));
        assertEquals(Errno.EINVAL, missing.errno());
        assertTrue(missing.getMessage().contains("'libos'"), missing.getMessage());
        PdpixException badPool = assertThrows(PdpixException.class, () -> new MemoryLibOS(LibOSConfig.of("memory", "memory.headroom", "5000")));
        assertTrue(badPool.getMessage().contains("memory.headroom"), badPool.getMessage());
    }

    @Test
    void configurationValuesAreTypedAndChecked(@TempDir Path dir) throws Exception {
        LibOSConfig config = LibOSConfig.of("inet", "inet.mtu", " 9000 ", "inet.nodelay", "yes");
        assertEquals("inet", config.libos("x"));
        assertEquals(9000, config.getInt("inet.mtu", 0));
        assertEquals(7, config.getInt("absent", 7));
        assertTrue(config.getBoolean("inet.nodelay", false));
        assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> config.with("b", "perhaps").getBoolean("b", false)).errno());
        assertEquals("x", config.with("libos", "x").libos(null));
        assertEquals("inet", config.libos(null), "with() copies");
        assertThrows(IllegalArgumentException.class, () -> LibOSConfig.of("x", "odd"));
        Path file = dir.resolve("libos.properties");
        Files.writeString(file, "libos=kernel\nkernel.backlog=8\n");
        assertEquals("kernel", LibOSConfig.load(file).libos(null));
        System.setProperty("margay.libos", "memory");
        try {
            assertEquals("memory", LibOSConfig.fromSystemProperties().libos(null));
        } finally {
            System.clearProperty("margay.libos");
        }
        assertTrue(config.toString().contains("inet.mtu"));
    }

    @Test
    void valuesCheckThemselves() {
        assertEquals(InetEndpoint.of("10.0.0.1", 80), InetEndpoint.parse("10.0.0.1:80"));
        assertEquals("10.0.0.1:80", InetEndpoint.of("10.0.0.1", 80).toString());
        assertThrows(IllegalArgumentException.class, () -> new InetEndpoint(0, 65536));
        assertThrows(IllegalArgumentException.class, () -> InetEndpoint.parse("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> InetEndpoint.parse("10.0.0.1:http"));
        assertEquals("ECONNREFUSED", Errno.name(Errno.ECONNREFUSED));
        assertEquals("E?4242", Errno.name(4242));
        assertEquals("qtoken already consumed", Errno.describe(Errno.ESTALE));
        assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> SocketOption.SO_LINGER.cast("x")).errno());
        assertEquals(Integer.valueOf(3), SocketOption.SO_LINGER.cast(3));
        assertThrows(NullPointerException.class, () -> SocketOption.TCP_NODELAY.cast(null));
        PdpixException e = new PdpixException(Errno.EIO, "disk", new java.io.IOException("x"));
        assertEquals("EIO: disk", e.getMessage());
        assertFalse(new QResult().ok());
    }
}
