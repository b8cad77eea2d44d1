package org.margay.net.arp.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class ArpCacheTest {
    private static final long S = 1_000_000_000L;

    /** Records what the cache asked for. */
    static final class Recorder implements ArpActions<String> {
        final List<Integer> requests = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        @Override
        public void sendRequest(int targetIp) {
            requests.add(targetIp);
        }

        @Override
        public void sendPending(String packet, int ip, long mac) {
            sent.add(packet + "@" + Long.toHexString(mac));
        }

        @Override
        public void dropPending(String packet, int ip, boolean resolutionFailed) {
            dropped.add(packet + (resolutionFailed ? ":failed" : ":overflow"));
        }
    }

    private final Recorder r = new Recorder();

    @Test
    void unknownAddressSendsOneRequestAndQueues() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults());
        assertEquals(ArpCache.NO_MAC, cache.lookup(10, 0));
        cache.enqueue(10, "p1", 0, r);
        cache.enqueue(10, "p2", 0, r);
        assertEquals(List.of(10), r.requests);
        assertEquals(2, cache.pendingFor(10));
        assertEquals(ArpCache.STATE_RESOLVING, cache.state(10));
        assertTrue(cache.update(10, 0xAABBCCDDEEL, true, 5, r));
        assertEquals(List.of("p1@aabbccddee", "p2@aabbccddee"), r.sent);
        assertEquals(0xAABBCCDDEEL, cache.lookup(10, 6));
        assertEquals(Long.MAX_VALUE, cache.nextDeadline());
    }

    @Test
    void retriesBackOffThenFailAndDropQueue() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults().withRetries(3, S, 4 * S));
        cache.enqueue(7, "p", 0, r);
        assertEquals(S, cache.nextDeadline());
        assertEquals(0, cache.poll(S - 1, r));
        assertEquals(1, cache.poll(S, r));            // second request at 1 s
        assertEquals(3 * S, cache.nextDeadline());    // wait doubled to 2 s
        assertEquals(1, cache.poll(3 * S, r));        // third request at 3 s
        assertEquals(7 * S, cache.nextDeadline());    // wait doubled to 4 s (the cap)
        assertEquals(List.of(7, 7, 7), r.requests);
        assertEquals(1, cache.poll(7 * S, r));        // gives up
        assertEquals(List.of("p:failed"), r.dropped);
        assertEquals(ArpCache.STATE_NONE, cache.state(7));
        assertEquals(1, cache.resolutionFailures());
        assertEquals(Long.MAX_VALUE, cache.nextDeadline());
    }

    @Test
    void boundedQueueDropsOldest() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults().withPendingPerEntry(2));
        cache.enqueue(1, "a", 0, r);
        cache.enqueue(1, "b", 0, r);
        cache.enqueue(1, "c", 0, r);
        assertEquals(List.of("a:overflow"), r.dropped);
        assertEquals(1, cache.pendingOverflowDrops());
        cache.update(1, 0x22, false, 0, r);
        assertEquals(List.of("b@22", "c@22"), r.sent);
    }

    @Test
    void entriesAgeAndStaticOnesDoNot() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults().withAgeingNanos(60 * S));
        cache.update(1, 0x11, true, 0, r);
        cache.addStatic(2, 0x22, r);
        assertEquals(0x11, cache.lookup(1, 60 * S - 1));
        assertEquals(ArpCache.NO_MAC, cache.lookup(1, 60 * S));
        assertEquals(ArpCache.STATE_NONE, cache.state(1));
        assertEquals(0x22, cache.lookup(2, 1_000 * S));
        cache.update(2, 0x99, true, 0, r);         // static entries are never overwritten
        assertEquals(0x22, cache.lookup(2, 0));
    }

    @Test
    void mergeRuleLearnsOnlyWhenTargetedOrKnown() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults());
        assertTrue(!cache.update(5, 0x55, false, 0, r)); // RFC 826: not for us, not known: ignore
        assertEquals(ArpCache.STATE_NONE, cache.state(5));
        cache.update(5, 0x55, true, 0, r);
        assertTrue(cache.update(5, 0x56, false, 1, r)); // known: merged even when not targeted
        assertEquals(0x56, cache.lookup(5, 2));
        assertTrue(!cache.update(0, 0x57, true, 0, r)); // probe: sender 0.0.0.0
    }

    @Test
    void fullCacheEvictsOldestReachable() {
        ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults().withCapacity(2));
        cache.update(1, 0x11, true, 0, r);
        cache.update(2, 0x22, true, 10, r);
        cache.update(3, 0x33, true, 20, r);
        assertEquals(ArpCache.STATE_NONE, cache.state(1));
        assertEquals(0x22, cache.lookup(2, 21));
        assertEquals(0x33, cache.lookup(3, 21));
        assertEquals(1, cache.evictions());
    }

    @Test
    void tableStaysConsistentUnderRandomOperations() {
        Gen<List<Integer>> ops = SourceDSL.lists().of(SourceDSL.integers().between(0, 3 * 64 - 1)).ofSizeBetween(1, 300);
        QuickTheory.qt().withExamples(200).forAll(ops).checkAssert(list -> {
            // 64 slots for 64 addresses: no eviction, so the cache must agree with a plain map
            ArpCache<String> cache = new ArpCache<>(ArpCacheConfig.defaults().withCapacity(64));
            java.util.Map<Integer, Long> model = new java.util.HashMap<>();
            Recorder rec = new Recorder();
            for (int op : list) {
                int ip = op % 64 + 1; // 0.0.0.0 is never learned (an RFC 5227 probe)
                switch (op / 64) {
                    case 0 -> {
                        cache.update(ip, 0x100 + ip, true, 0, rec);
                        model.put(ip, 0x100L + ip);
                    }
                    case 1 -> {
                        cache.remove(ip, rec);
                        model.remove(ip);
                    }
                    default -> {
                        long mac = cache.lookup(ip, 0);
                        assertEquals(model.getOrDefault(ip, ArpCache.NO_MAC), mac);
                    }
                }
                assertEquals(model.size(), cache.size());
            }
        });
    }
}
