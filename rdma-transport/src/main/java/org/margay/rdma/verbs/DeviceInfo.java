package org.margay.rdma.verbs;

/**
 * What a verbs device offers ({@code ibv_query_device} and {@code ibv_query_port} of port 1), as far as Margay
 * needs it.
 *
 * @param name        the device name ({@code mlx5_0}, {@code rxe0}, {@code inproc:fabric/10.0.0.1})
 * @param maxQpWr     the deepest send or receive queue
 * @param maxSge      scatter-gather entries per work request
 * @param maxCqe      the largest completion queue
 * @param maxMrSize   the largest memory region in bytes
 * @param activeMtu   the port's active MTU (an {@code enum ibv_mtu})
 * @param ipv4        the IPv4 address of the port's GID 0 when it is IPv4-mapped (RoCE v2), else 0
 */
public record DeviceInfo(String name, int maxQpWr, int maxSge, int maxCqe, long maxMrSize, int activeMtu, int ipv4) {
    /** The active MTU in bytes. */
    public int mtuBytes() {
        return VerbsConstants.mtuBytes(activeMtu);
    }
}
