package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.margay.rdma.RdmaPair.await;
import static org.margay.rdma.RdmaPair.pattern;
import static org.margay.rdma.RdmaPair.push;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.rdma.verbs.WcStatus;

/**
 * Every fatal work-completion status a send can end with, as the PDPIX error an application sees
 * ({@link CompletionErrors}): the push that met it fails with that errno, the connection is broken (later pushes fail
 * the same way), the peer's pending pop fails with {@link Errno#ECONNRESET} (its stream ended without FIN), and both
 * sides release the connection's queue pairs. The statuses are injected at the adapter
 * ({@link org.margay.rdma.verbs.inproc.InProcessFabric#failNextSends}), since the transport's own SENDs to a correct
 * peer cannot provoke most of them; RNR exhaustion and a dead peer are also provoked for real in
 * {@link RdmaTransportTest}.
 */
class RdmaErrorMappingTest {

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource({
            "RNR_RETRY_EXC_ERR, " + WcStatus.RNR_RETRY_EXC_ERR + ", ENOBUFS, " + Errno.ENOBUFS,
            "REM_ACCESS_ERR, " + WcStatus.REM_ACCESS_ERR + ", EACCES, " + Errno.EACCES,
            "RETRY_EXC_ERR, " + WcStatus.RETRY_EXC_ERR + ", ETIMEDOUT, " + Errno.ETIMEDOUT,
            "LOC_PROT_ERR, " + WcStatus.LOC_PROT_ERR + ", EFAULT, " + Errno.EFAULT,
            "LOC_LEN_ERR, " + WcStatus.LOC_LEN_ERR + ", EFAULT, " + Errno.EFAULT,
            "REM_OP_ERR, " + WcStatus.REM_OP_ERR + ", EIO, " + Errno.EIO,
            "REM_INV_REQ_ERR, " + WcStatus.REM_INV_REQ_ERR + ", EIO, " + Errno.EIO,
    })
    void aFatalSendCompletionFailsThePushWithItsErrnoAndResetsThePeer(String status, int code, String errnoName, int errno) {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            long serverPop = p.server.pop(c.server());
            p.fabric.failNextSends(RdmaPair.CLIENT, code, 1);
            QResult r = await(p.client, push(p.client, c.client(), pattern(100, 1)));
            assertEquals(Opcode.FAILED, r.opcode(), () -> status + ": " + r);
            assertEquals(errnoName, Errno.name(r.ret()), status);
            assertEquals(errno, r.ret());
            QResult after = await(p.client, push(p.client, c.client(), pattern(10, 2)));
            assertEquals(errno, after.ret(), "the queue pair is in ERR: the connection stays broken for the same reason");
            QResult popped = await(p.server, serverPop);
            assertEquals(Opcode.FAILED, popped.opcode());
            assertEquals(Errno.ECONNRESET, popped.ret(), "the peer was disconnected without FIN");
            assertEquals(errno, await(p.client, p.client.pop(c.client())).ret(), "pops on the broken side say why");
            p.client.close(c.client());
            p.server.close(c.server());
            for (int i = 0; i < 50; i++) {
                p.client.poll();
            }
            assertEquals(0, p.clientDevice.liveQueuePairs() + p.serverDevice.liveQueuePairs(), "no queue pair leaked");
        }
    }
}
