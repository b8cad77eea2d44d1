package org.margay.fastpath.device;

/**
 * The checksum work a device does in hardware, so the stack can skip it in software.
 *
 * <p>An {@code rx*} flag means the device verifies that checksum on receive and reports the verdict per
 * frame in {@link org.margay.fastpath.buffer.PacketBuffer#offloadFlags()}; a frame without the "good" flag
 * must still be checked in software. A {@code tx*} flag means the device fills that checksum on transmit
 * when the frame asks for it with a {@code TX_*} offload flag.
 */
public record DeviceCapabilities(
        boolean rxIpv4Checksum,
        boolean rxTcpChecksum,
        boolean rxUdpChecksum,
        boolean txIpv4Checksum,
        boolean txTcpChecksum,
        boolean txUdpChecksum) {

    /** No offload at all: the stack computes and verifies every checksum (loopback, simulator, ring ports). */
    public static final DeviceCapabilities NONE = new DeviceCapabilities(false, false, false, false, false, false);
}
