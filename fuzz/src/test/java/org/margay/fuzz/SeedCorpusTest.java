package org.margay.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the committed seed corpus honest: every seed {@link SeedCorpus} makes is on the class path with the
 * same bytes (regenerate with {@code fuzz/run-fuzz.sh --write-seeds} after changing it), and every
 * {@code @FuzzTest} method has seeds, so a normal build replays real packets through every target.
 *
 * <p>With {@code -Dmargay.fuzz.writeSeeds=true} it (re)writes the seed files into {@code src/test/resources}
 * instead of checking them (the module directory is the working directory under surefire).
 */
class SeedCorpusTest {
    private static final List<Class<?>> TARGETS = List.of(EthernetFuzzTest.class, ArpFuzzTest.class, Ipv4FuzzTest.class,
            IcmpFuzzTest.class, UdpFuzzTest.class, TcpFuzzTest.class, CaptureReaderFuzzTest.class, DecodeFuzzTest.class,
            ReassemblyFuzzTest.class, TcpInputFuzzTest.class);

    @Test
    void everyGeneratedSeedIsCommittedUnchanged() throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> target : SeedCorpus.seeds().entrySet()) {
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                String resource = target.getKey() + "/seed-" + seed.getKey();
                try (InputStream in = SeedCorpusTest.class.getResourceAsStream(resource)) {
                    assertTrue(in != null, resource + " is missing: run fuzz/run-fuzz.sh --write-seeds");
                    assertArrayEquals(seed.getValue(), in.readAllBytes(),
                            resource + " is stale: run fuzz/run-fuzz.sh --write-seeds");
                }
            }
        }
    }

    @Test
    void everyFuzzTestHasSeeds() {
        Map<String, Map<String, byte[]>> seeds = SeedCorpus.seeds();
        int targets = 0;
        for (Class<?> type : TARGETS) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(FuzzTest.class)) {
                    targets++;
                    String key = type.getSimpleName() + "Inputs/" + method.getName();
                    assertTrue(seeds.containsKey(key), key + " has no seeds in SeedCorpus");
                    assertFalse(seeds.get(key).isEmpty(), key + " has an empty seed list");
                }
            }
        }
        assertTrue(targets == seeds.size(), "SeedCorpus seeds " + seeds.size() + " targets, the classes have " + targets);
    }
}
