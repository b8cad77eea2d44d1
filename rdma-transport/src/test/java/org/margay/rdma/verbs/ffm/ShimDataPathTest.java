package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.CompletionBatch;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.WcStatus;
import org.margay.testkit.Capabilities;

/**
 * The binding's data path without a device: {@link WorkRequests} fills {@code ibv_send_wr}/{@code ibv_recv_wr} and
 * reads {@code ibv_wc} at {@link IbvLayout}'s offsets and calls Margay's real shim, whose rdma-core inline functions
 * ({@code ibv_post_send}, {@code ibv_post_recv}, {@code ibv_poll_cq} from the installed {@code <infiniband/verbs.h>})
 * dispatch through {@code context->ops} to a fake provider ({@code src/test/c/fake_provider.c}, compiled with gcc
 * at test time). The provider reads what it was given, and writes completions, through the real headers' structs,
 * so every field crosses the same code a hardware provider would be called from, and is compared here. What stays
 * untested without hardware is the provider itself and the adapter behind it.
 */
class ShimDataPathTest {
    private static final int SEEN_QP_MATCH = 0;
    private static final int SEEN_WR_ID = 1;
    private static final int SEEN_NEXT_NULL = 2;
    private static final int SEEN_NUM_SGE = 3;
    private static final int SEEN_OPCODE = 4;
    private static final int SEEN_SEND_FLAGS = 5;
    private static final int SEEN_IMM_HOST = 6;
    private static final int SEEN_REMOTE_ADDR = 7;
    private static final int SEEN_RKEY = 8;
    private static final int SEEN_UD_AH = 9;
    private static final int SEEN_UD_QPN = 10;
    private static final int SEEN_UD_QKEY = 11;
    private static final int SEEN_RECV_WR_ID = 12;
    private static final int SEEN_RECV_NUM_SGE = 13;
    private static final int SEEN_RECV_NEXT_NULL = 14;
    private static final int SEEN_CALLS_SEND = 15;
    private static final int SEEN_CALLS_RECV = 16;
    private static final int SEEN_POLL_ASKED = 18;
    private static final int SEEN_SGE = 20;
    private static final int SEEN_RECV_SGE = 40;
    private static final int IBV_QPT_RC = 2;
    private static final int IBV_QPT_UD = 4;

    private static Path dir;
    private static Arena arena;
    private static MethodHandle fakeQp;
    private static MethodHandle fakeCq;
    private static MethodHandle fakeSeen;
    private static MethodHandle fakeNextRc;
    private static MethodHandle fakeReset;
    private WorkRequests requests;

    @BeforeAll
    static void buildFakeProvider() throws IOException, InterruptedException {
        Capabilities.require(RdmaCore.librariesLoaded(), "rdma-core or Margay's shim is not usable: " + RdmaCore.missingLibraries()
                + " (Debian: apt-get install libibverbs1 librdmacm1 ibverbs-providers libibverbs-dev librdmacm-dev gcc)");
        boolean gcc = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            gcc |= Files.isExecutable(Path.of(d, "gcc"));
        }
        Capabilities.require(gcc, "gcc is not installed (Debian: apt-get install gcc)");
        Capabilities.require(Files.isRegularFile(Path.of("/usr/include/infiniband/verbs.h")),
                "rdma-core's headers are not installed (Debian: apt-get install libibverbs-dev)");
        Path source = Path.of(System.getProperty("margay.root", "."), "rdma-transport", "src", "test", "c", "fake_provider.c");
        if (!Files.isRegularFile(source)) {
            source = Path.of("src", "test", "c", "fake_provider.c");
        }
        Capabilities.require(Files.isRegularFile(source), "the fake provider source " + source + " is missing");
        dir = Files.createTempDirectory("margay-fake-provider");
        Path library = dir.resolve("libmargay_fake_provider.so");
        Process p = new ProcessBuilder(List.of("gcc", "-Wall", "-Werror", "-shared", "-fPIC", "-o", library.toString(), source.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, p.exitValue(), () -> "gcc failed:\n" + out);
        arena = Arena.ofShared();
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
        Linker linker = Linker.nativeLinker();
        fakeQp = linker.downcallHandle(lookup.findOrThrow("fake_qp"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        fakeCq = linker.downcallHandle(lookup.findOrThrow("fake_cq"), FunctionDescriptor.of(ADDRESS));
        fakeSeen = linker.downcallHandle(lookup.findOrThrow("fake_seen"), FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        fakeNextRc = linker.downcallHandle(lookup.findOrThrow("fake_next_rc"), FunctionDescriptor.ofVoid(JAVA_INT));
        fakeReset = linker.downcallHandle(lookup.findOrThrow("fake_reset"), FunctionDescriptor.ofVoid());
    }

    @AfterAll
    static void removeFakeProvider() throws IOException {
        if (arena != null) {
            arena.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @BeforeEach
    void fresh() throws Throwable {
        fakeReset.invokeExact();
        requests = new WorkRequests(arena);
    }

    private static long seen(int index) throws Throwable {
        return (long) fakeSeen.invokeExact(index);
    }

    private static FfmVerbs.Qp qp(int type) throws Throwable {
        MemorySegment ptr = (MemorySegment) fakeQp.invokeExact(type);
        return new FfmVerbs.Qp(ptr, type == IBV_QPT_UD ? QpType.UD : QpType.RC);
    }

    @Test
    void aSendWithImmediateDataReachesTheProviderFieldForField() throws Throwable {
        FfmVerbs.Qp qp = qp(IBV_QPT_RC);
        assertEquals(0x1234, qp.qpNum(), "qp_num read from struct ibv_qp");
        SendRequest r = new SendRequest().clear().set(0x0123_4567_89AB_CDEFL, VerbsConstants.WR_SEND_WITH_IMM,
                VerbsConstants.SEND_SIGNALED).imm(0xDEAD_BEEF);
        r.addSge(0x7000_0000_1000L, 4, 0x11);
        r.addSge(0x7000_0000_2000L, 16_380, 0x22);
        r.addSge(0x7000_0000_9000L, 1, 0x33);
        assertEquals(Errno.OK, requests.postSend(qp, r));
        assertEquals(1, seen(SEEN_CALLS_SEND), "ibv_post_send dispatched to the provider once");
        assertEquals(1, seen(SEEN_QP_MATCH), "with the queue pair it was given");
        assertEquals(0x0123_4567_89AB_CDEFL, seen(SEEN_WR_ID));
        assertEquals(1, seen(SEEN_NEXT_NULL), "a single request: next is NULL");
        assertEquals(3, seen(SEEN_NUM_SGE));
        assertEquals(VerbsConstants.WR_SEND_WITH_IMM, seen(SEEN_OPCODE));
        assertEquals(VerbsConstants.SEND_SIGNALED, seen(SEEN_SEND_FLAGS));
        assertEquals(0xDEAD_BEEFL, seen(SEEN_IMM_HOST), "immediate data stored big-endian (__be32), read back by ntohl");
        long[][] sges = {{0x7000_0000_1000L, 4, 0x11}, {0x7000_0000_2000L, 16_380, 0x22}, {0x7000_0000_9000L, 1, 0x33}};
        for (int i = 0; i < sges.length; i++) {
            for (int f = 0; f < 3; f++) {
                assertEquals(sges[i][f], seen(SEEN_SGE + 3 * i + f), "sge " + i + " field " + f);
            }
        }
    }

    @Test
    void anRdmaWriteCarriesItsRemoteAddressAndKey() throws Throwable {
        FfmVerbs.Qp qp = qp(IBV_QPT_RC);
        SendRequest r = new SendRequest().clear().set(7, VerbsConstants.WR_RDMA_WRITE, 0).remote(0x5555_6666_7777_8888L, 0x9ABC);
        r.addSge(0x1000, 64, 1);
        assertEquals(Errno.OK, requests.postSend(qp, r));
        assertEquals(VerbsConstants.WR_RDMA_WRITE, seen(SEEN_OPCODE));
        assertEquals(0x5555_6666_7777_8888L, seen(SEEN_REMOTE_ADDR));
        assertEquals(0x9ABC, seen(SEEN_RKEY));
    }

    @Test
    void aUdSendCarriesItsAddressHandleQpnAndQkey() throws Throwable {
        FfmVerbs.Qp qp = qp(IBV_QPT_UD);
        FfmVerbs.Ah ah = new FfmVerbs.Ah(MemorySegment.ofAddress(0x00AB_CDEF_0000L));
        SendRequest r = new SendRequest().clear().set(9, VerbsConstants.WR_SEND_WITH_IMM, VerbsConstants.SEND_SIGNALED)
                .imm(5).ud(ah, 0x00FF_EEDD, VerbsConstants.RDMA_UDP_QKEY);
        r.addSge(0x2000, 100, 2);
        assertEquals(Errno.OK, requests.postSend(qp, r));
        assertEquals(0x00AB_CDEF_0000L, seen(SEEN_UD_AH));
        assertEquals(0x00FF_EEDD, seen(SEEN_UD_QPN));
        assertEquals(VerbsConstants.RDMA_UDP_QKEY & 0xFFFF_FFFFL, seen(SEEN_UD_QKEY) & 0xFFFF_FFFFL);
    }

    @Test
    void aReceiveReachesTheProvider() throws Throwable {
        FfmVerbs.Qp qp = qp(IBV_QPT_RC);
        assertEquals(Errno.OK, requests.postRecv(qp, 0x4242_0000_0001L, 0x7FFF_0000_0000L, 16_384, 0x77));
        assertEquals(1, seen(SEEN_CALLS_RECV));
        assertEquals(0x4242_0000_0001L, seen(SEEN_RECV_WR_ID));
        assertEquals(1, seen(SEEN_RECV_NUM_SGE));
        assertEquals(1, seen(SEEN_RECV_NEXT_NULL));
        assertEquals(0x7FFF_0000_0000L, seen(SEEN_RECV_SGE));
        assertEquals(16_384, seen(SEEN_RECV_SGE + 1));
        assertEquals(0x77, seen(SEEN_RECV_SGE + 2));
    }

    @Test
    void aRefusedPostReturnsTheProvidersErrorAndNamesTheBadRequest() throws Throwable {
        FfmVerbs.Qp qp = qp(IBV_QPT_RC);
        fakeNextRc.invokeExact(Errno.ENOMEM);
        SendRequest r = new SendRequest().clear().set(1, VerbsConstants.WR_SEND, 0);
        r.addSge(0x1000, 8, 1);
        assertEquals(Errno.ENOMEM, requests.postSend(qp, r), "the send queue is full: the provider's errno comes back");
        assertTrue(requests.badWr().address() != 0, "bad_wr points at the refused request");
        assertEquals(Errno.ENOMEM, requests.postRecv(qp, 2, 0x1000, 8, 1));
    }

    @Test
    void completionsAreReadFieldForField() throws Throwable {
        FfmVerbs.Cq cq = new FfmVerbs.Cq((MemorySegment) fakeCq.invokeExact(), 64);
        CompletionBatch batch = new CompletionBatch(16);
        assertEquals(2, requests.pollCq(cq, batch));
        assertEquals(16, seen(SEEN_POLL_ASKED), "asked for at most the batch's capacity");
        assertEquals(0x1122334455667788L, batch.wrId(0));
        assertEquals(WcStatus.SUCCESS, batch.status(0));
        assertEquals(VerbsConstants.WC_RECV, batch.opcode(0));
        assertEquals(4096, batch.byteLen(0));
        assertEquals(0xCAFEF00D, batch.imm(0), "immediate data converted from network order");
        assertEquals(VerbsConstants.WC_WITH_IMM | VerbsConstants.WC_GRH, batch.flags(0));
        assertEquals(0x1234, batch.qpNum(0));
        assertEquals(0x5678, batch.srcQp(0));
        assertEquals(42, batch.wrId(1));
        assertEquals(WcStatus.WR_FLUSH_ERR, batch.status(1));
        assertEquals(VerbsConstants.WC_SEND, batch.opcode(1));
    }
}
