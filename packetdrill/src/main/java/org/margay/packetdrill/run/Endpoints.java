package org.margay.packetdrill.run;

/**
 * The fixed addressing of a run: the stack under test on 192.168.0.1/24 and the script's peer at 192.0.2.1
 * behind the gateway 192.168.0.2 (packetdrill's default remote address), reached through a static ARP entry so
 * that no ARP appears on the wire. The stack listens on (and the peer connects to) port 8080, packetdrill's
 * default; each connection the script opens towards a listener uses a new peer port.
 */
final class Endpoints {
    static final int LOCAL_IP = 0xC0A8_0001;      // 192.168.0.1
    static final int GATEWAY_IP = 0xC0A8_0002;    // 192.168.0.2
    static final int REMOTE_IP = 0xC000_0201;     // 192.0.2.1
    static final int PREFIX = 24;
    static final long LOCAL_MAC = 0x02_00_00_00_00_01L;
    static final long REMOTE_MAC = 0x02_00_00_00_00_02L;
    static final int SERVER_PORT = 8080;
    static final int FIRST_PEER_PORT = 40_000;

    private Endpoints() {
    }
}
