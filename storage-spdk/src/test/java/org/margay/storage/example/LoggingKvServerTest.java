package org.margay.storage.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
import org.margay.examples.kv.KvClient;
import org.margay.examples.kv.KvScript;
import org.margay.examples.kv.KvStore;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.storage.OpenMode;
import org.margay.storage.StorageLibOS;
import org.margay.storage.device.MemoryBackend;
import org.margay.storage.device.MemoryBlockDevice;

/**
 * The persistence example: the key-value server answers exactly as the plain one, logs every SET, and a SET a client
 * saw acknowledged survives a crash of the storage device: replaying the log after it restores the data.
 */
class LoggingKvServerTest {
    private static final long LIMIT = 60_000_000_000L;

    private static LibOSConfig storageConfig() {
        return LibOSConfig.of("storage", "storage.backend", "memory", "storage.capacity", "8m", "storage.elements", "64",
                "storage.element-size", "16384", "storage.batch-buffers", "8");
    }

    @Test
    void repliesAsThePlainServerAndLogsEverySet() {
        String device = "kv-log-" + System.nanoTime();
        try (LibOS net = LibOSes.open(LibOSConfig.of("kernel")); StorageLibOS storage = StorageLibOS.open(storageConfig())) {
            int log = storage.open(device, OpenMode.CREATE);
            AppRunner runner = new AppRunner();
            LoggingKvServer server = runner.start(new LoggingKvServer(net, InetEndpoint.parse("127.0.0.1:0"), storage, log, new KvStore()));
            for (boolean pipelined : new boolean[] {false, true}) {
                KvClient client = runner.start(new KvClient(net, server.endpoint(), KvScript.COMMANDS, pipelined));
                assertTrue(runner.runUntil(client::finished, LIMIT));
                assertEquals("", client.error());
                assertEquals(KvScript.REPLIES, KvScript.texts(client.replies()));
            }
            assertEquals(4, server.logged(), "two SETs per run, two runs");
            assertEquals(4, storage.elements(log));
            assertEquals(0, server.failures());
            server.stop();
            assertTrue(runner.runUntil(server::finished, LIMIT));
        } finally {
            MemoryBlockDevice.destroy(device);
        }
    }

    @Test
    void everyAcknowledgedSetSurvivesACrashOfTheLogDevice() {
        String device = "kv-crash-" + System.nanoTime();
        List<String[]> script = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            script.add(new String[] {"SET", "key" + (i % 50), "value-" + i});
        }
        try (LibOS net = LibOSes.open(LibOSConfig.of("kernel"))) {
            StorageLibOS storage = StorageLibOS.open(storageConfig());
            int log = storage.open(device, OpenMode.CREATE);
            AppRunner runner = new AppRunner();
            LoggingKvServer server = runner.start(new LoggingKvServer(net, InetEndpoint.parse("127.0.0.1:0"), storage, log, new KvStore()));
            KvClient client = runner.start(new KvClient(net, server.endpoint(), script, true));
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertEquals(200, client.replies().size());
            ((MemoryBackend) storage.backend()).crash(new SplittableRandom(5));
            server.stop();
            storage.close();

            StorageLibOS restarted = StorageLibOS.open(storageConfig());
            int reopened = restarted.open(device, OpenMode.OPEN);
            KvStore recovered = new KvStore();
            assertEquals(200, LoggingKvServer.replay(restarted, reopened, recovered), "every acknowledged SET is in the log");
            for (int k = 0; k < 50; k++) {
                assertArrayEquals(("value-" + (150 + k)).getBytes(StandardCharsets.UTF_8),
                        recovered.get(("key" + k).getBytes(StandardCharsets.UTF_8)), "the last value of key" + k);
            }
            assertNull(recovered.get("key50".getBytes(StandardCharsets.UTF_8)));
            restarted.close();
        } finally {
            MemoryBlockDevice.destroy(device);
        }
    }
}
