package org.margay.rdma.verbs.inproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmEventType;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.CompletionQueue;
import org.margay.rdma.verbs.ConnectionManager;
import org.margay.rdma.verbs.PortSpace;
import org.margay.rdma.verbs.ProtectionDomain;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;

/**
 * The in-process connection manager follows librdmacm's flows: bind and port spaces, address and route resolution,
 * connection requests with private data, accept (both queue pairs in RTS), reject, no listener, service-ID
 * resolution for UD, disconnect on both sides.
 */
class InProcessCmTest {
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;

    private final InProcessFabric fabric = new InProcessFabric("cm-test");
    private final InProcessVerbs a = fabric.attach(A);
    private final InProcessVerbs b = fabric.attach(B);
    private final ConnectionManager cmA = a.connectionManager();
    private final ConnectionManager cmB = b.connectionManager();
    private final CmEvent event = new CmEvent();

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private CmEvent next(ConnectionManager cm, CmEventType expected) {
        assertTrue(cm.nextEvent(event), "an event is waiting");
        assertEquals(expected, event.type(), () -> "event " + event);
        return event;
    }

    private QueuePair qp(InProcessVerbs dev, ConnectionManager cm, CmId id) {
        ProtectionDomain pd = dev.allocPd();
        CompletionQueue cq = dev.createCq(16);
        return cm.createQp(id, pd, new QpInitAttributes(id.portSpace() == PortSpace.TCP ? QpType.RC : QpType.UD, cq, cq, 4, 4, 1, 1, 0, false));
    }

    @Test
    void bindingFollowsPortSpacesAndAddresses() {
        CmId first = cmB.createId(PortSpace.TCP);
        cmB.bind(first, B, 7000);
        assertEquals(new InetEndpoint(B, 7000), first.localAddress());
        CmId again = cmB.createId(PortSpace.TCP);
        assertEquals(Errno.EADDRINUSE, assertThrows(VerbsException.class, () -> cmB.bind(again, 0, 7000)).errno());
        CmId udp = cmB.createId(PortSpace.UDP);
        cmB.bind(udp, 0, 7000);
        assertEquals(7000, udp.localAddress().port(), "the UDP port space is separate");
        CmId elsewhere = cmB.createId(PortSpace.TCP);
        assertEquals(Errno.EADDRNOTAVAIL, assertThrows(VerbsException.class, () -> cmB.bind(elsewhere, A, 7001)).errno());
        CmId ephemeral = cmB.createId(PortSpace.TCP);
        cmB.bind(ephemeral, 0, 0);
        assertTrue(ephemeral.localAddress().port() >= 49152);
        cmB.destroyId(first);
        cmB.bind(again, 0, 7000);
        assertEquals(7000, again.localAddress().port(), "a destroyed id frees its port");
    }

    @Test
    void aConnectionIsRequestedAcceptedAndEstablishedOnBothSides() {
        CmId listener = cmB.createId(PortSpace.TCP);
        cmB.bind(listener, B, 7100);
        cmB.listen(listener, 4);
        CmId active = cmA.createId(PortSpace.TCP);
        cmA.resolveAddress(active, B, 7100, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(active, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        QueuePair qpA = qp(a, cmA, active);
        assertEquals(QpState.INIT, qpA.state());
        cmA.connect(active, new byte[] {1, 2, 3}, 7);

        CmEvent request = next(cmB, CmEventType.CONNECT_REQUEST);
        assertSame(listener, request.listenId());
        assertArrayEquals(new byte[] {1, 2, 3}, request.privateData());
        CmId child = request.id();
        assertEquals(active.localAddress(), child.peerAddress());
        QueuePair qpB = qp(b, cmB, child);
        cmB.accept(child, qpB, new byte[] {9}, 7);
        assertEquals(QpState.RTS, qpB.state());
        assertEquals(QpState.RTS, qpA.state());
        next(cmB, CmEventType.ESTABLISHED);
        CmEvent established = next(cmA, CmEventType.ESTABLISHED);
        assertArrayEquals(new byte[] {9}, established.privateData());

        cmA.disconnect(active);
        assertEquals(QpState.ERR, qpA.state());
        next(cmA, CmEventType.DISCONNECTED);
        next(cmB, CmEventType.DISCONNECTED);
        assertEquals(QpState.ERR, qpB.state(), "the peer's queue pair goes to ERR when it takes the event");
    }

    @Test
    void nothingListeningIsARejectAndAnUnknownHostAnAddressError() {
        CmId active = cmA.createId(PortSpace.TCP);
        cmA.resolveAddress(active, B, 7200, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(active, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        qp(a, cmA, active);
        cmA.connect(active, null, 7);
        assertEquals(InProcessCm.REJECT_NO_LISTENER, next(cmA, CmEventType.REJECTED).status());

        CmId lost = cmA.createId(PortSpace.TCP);
        cmA.resolveAddress(lost, 0x0A0000FF, 7200, 100);
        assertEquals(-Errno.EHOSTUNREACH, next(cmA, CmEventType.ADDR_ERROR).status());
    }

    @Test
    void aListenerCanRejectWithPrivateData() {
        CmId listener = cmB.createId(PortSpace.TCP);
        cmB.bind(listener, 0, 7300);
        cmB.listen(listener, 1);
        CmId active = cmA.createId(PortSpace.TCP);
        cmA.resolveAddress(active, B, 7300, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(active, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        qp(a, cmA, active);
        cmA.connect(active, null, 7);
        cmB.reject(next(cmB, CmEventType.CONNECT_REQUEST).id(), new byte[] {42});
        CmEvent rejected = next(cmA, CmEventType.REJECTED);
        assertEquals(InProcessCm.REJECT_CONSUMER, rejected.status());
        assertArrayEquals(new byte[] {42}, rejected.privateData());
    }

    @Test
    void serviceIdResolutionGivesTheUdQueuePairAndQkey() {
        CmId server = cmB.createId(PortSpace.UDP);
        cmB.bind(server, B, 9000);
        QueuePair ud = qp(b, cmB, server);
        cmB.listen(server, 8);
        CmId resolver = cmA.createId(PortSpace.UDP);
        cmA.resolveAddress(resolver, B, 9000, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(resolver, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        cmA.connect(resolver, null, 0);
        CmId child = next(cmB, CmEventType.CONNECT_REQUEST).id();
        cmB.accept(child, ud, null, 0);
        CmEvent reply = next(cmA, CmEventType.ESTABLISHED);
        assertNotNull(reply.udPath());
        assertEquals(ud.qpNum(), reply.udQpNum());
        assertEquals(VerbsConstants.RDMA_UDP_QKEY, reply.udQkey());

        CmId nobody = cmA.createId(PortSpace.UDP);
        cmA.resolveAddress(nobody, B, 9001, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(nobody, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        cmA.connect(nobody, null, 0);
        next(cmA, CmEventType.UNREACHABLE);
    }

    @Test
    void destroyingAListenerRejectsItsQueuedRequests() {
        CmId listener = cmB.createId(PortSpace.TCP);
        cmB.bind(listener, 0, 7400);
        cmB.listen(listener, 4);
        CmId active = cmA.createId(PortSpace.TCP);
        cmA.resolveAddress(active, B, 7400, 100);
        next(cmA, CmEventType.ADDR_RESOLVED);
        cmA.resolveRoute(active, 100);
        next(cmA, CmEventType.ROUTE_RESOLVED);
        qp(a, cmA, active);
        cmA.connect(active, null, 7);
        cmB.destroyId(listener);
        next(cmA, CmEventType.REJECTED);
        assertTrue(!cmB.nextEvent(event), "the request went with its listener");
    }
}
