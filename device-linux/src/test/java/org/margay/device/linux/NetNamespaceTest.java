package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Entering a named network namespace on a dedicated thread. */
class NetNamespaceTest {
    private static String currentNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void aMissingNamespaceIsRefusedClearly() {
        LinuxCallException e = assertThrows(LinuxCallException.class,
                () -> NetNamespace.callIn("margay-does-not-exist", () -> "never"));
        assertEquals(LibC.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/var/run/netns/margay-does-not-exist"), e.getMessage());
    }

    @Test
    void aNameWithASlashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.callIn("a/b", () -> "never"));
    }

    @Test
    void theActionRunsInsideAndTheCallerStaysOutside() throws Exception {
        HostSupport.assumeRootNetworking();
        String outside = currentNamespace();
        try (Netns netns = Netns.create("ns")) {
            String inside = NetNamespace.callIn(netns.name(), NetNamespaceTest::currentNamespace);
            assertNotEquals(outside, inside);
            assertEquals(outside, currentNamespace(), "the calling thread must not move");
            String viaProcPath = NetNamespace.callIn("/var/run/netns/" + netns.name(),
                    NetNamespaceTest::currentNamespace);
            assertEquals(inside, viaProcPath);
        }
    }

    @Test
    void whatTheActionThrowsReachesTheCaller() {
        HostSupport.assumeRootNetworking();
        try (Netns netns = Netns.create("ns")) {
            IllegalStateException thrown = new IllegalStateException("boom");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> NetNamespace.callIn(netns.name(), () -> {
                throw thrown;
            })));
            IllegalStateException wrapped = assertThrows(IllegalStateException.class,
                    () -> NetNamespace.callIn(netns.name(), () -> {
                        throw new IOException("checked");
                    }));
            assertTrue(wrapped.getCause() instanceof IOException);
        }
    }
}
