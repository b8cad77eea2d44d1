package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.WcStatus;

/** The small encodings the transport relies on: immediate data, connection parameters, work ids, the long map. */
class WireFormatTest {

    @Test
    void immediateDataRoundTrips() {
        qt().forAll(integers().between(0, ImmData.MAX_CREDITS), integers().between(0, 3)).checkAssert((credits, flags) -> {
            int f = ((flags & 1) != 0 ? ImmData.END : 0) | ((flags & 2) != 0 ? ImmData.FIN : 0);
            int imm = ImmData.make(credits, f);
            assertTrue(ImmData.valid(imm));
            assertEquals(credits, ImmData.credits(imm));
            assertEquals((flags & 1) != 0, ImmData.end(imm));
            assertEquals((flags & 2) != 0, ImmData.fin(imm));
        });
        assertFalse(ImmData.valid(0), "a peer that sends no version is not this protocol");
    }

    @Test
    void connectParametersRoundTripAndRejectStrangers() {
        ConnectParams p = new ConnectParams(32, 16384);
        assertEquals(p, ConnectParams.decode(p.encode()));
        assertNull(ConnectParams.decode(new byte[3]), "too short");
        assertNull(ConnectParams.decode(new byte[16]), "no magic");
        byte[] tiny = new ConnectParams(2, 16384).encode();
        assertNull(ConnectParams.decode(tiny), "a window below the minimum is refused");
        assertNull(ConnectParams.decode(null));
    }

    @Test
    void workIdsRoundTrip() {
        qt().forAll(integers().between(0, WorkIds.MAX_ENDPOINTS - 1), integers().between(0, 4095), integers().between(1, 2),
                integers().between(0, 0x0FFF_FFFF)).checkAssert((endpoint, generation, kind, entry) -> {
            long id = WorkIds.make(endpoint, generation, kind, entry);
            assertEquals((int) endpoint, WorkIds.endpoint(id));
            assertEquals((int) generation, WorkIds.generation(id));
            assertEquals((int) kind, WorkIds.kind(id));
            assertEquals((int) entry, WorkIds.entry(id));
        });
    }

    @Test
    void theLongMapBehavesLikeAMap() {
        qt().withExamples(50).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            LongMap<Long> map = new LongMap<>();
            Map<Long, Long> model = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                long key = r.nextLong(64);
                switch (r.nextInt(3)) {
                    case 0 -> {
                        map.put(key, (long) i);
                        model.put(key, (long) i);
                    }
                    case 1 -> {
                        map.remove(key);
                        model.remove(key);
                    }
                    default -> assertEquals(model.get(key), map.get(key));
                }
                assertEquals(model.size(), map.size());
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue(), map.get(e.getKey()));
            }
        });
    }

    @Test
    void completionErrorsMapOntoPdpixErrors() {
        assertEquals(Errno.OK, CompletionErrors.errno(WcStatus.SUCCESS));
        assertEquals(Errno.ENOBUFS, CompletionErrors.errno(WcStatus.RNR_RETRY_EXC_ERR));
        assertEquals(Errno.EACCES, CompletionErrors.errno(WcStatus.REM_ACCESS_ERR));
        assertEquals(Errno.EFAULT, CompletionErrors.errno(WcStatus.LOC_PROT_ERR));
        assertEquals(Errno.ETIMEDOUT, CompletionErrors.errno(WcStatus.RETRY_EXC_ERR));
        assertEquals(Errno.ECONNRESET, CompletionErrors.errno(WcStatus.WR_FLUSH_ERR));
        assertEquals(Errno.EIO, CompletionErrors.errno(WcStatus.FATAL_ERR));
    }
}
