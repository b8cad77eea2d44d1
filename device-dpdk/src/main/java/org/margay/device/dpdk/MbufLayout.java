package org.margay.device.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where the fields of DPDK's {@code struct rte_mbuf} are, as the shim compiled against the installed DPDK
 * reports them: Java never hard-codes the layout, which has bit fields and changes between releases.
 *
 * @param mbufSize       {@code sizeof(struct rte_mbuf)}
 * @param bufAddr        offset of {@code buf_addr}
 * @param dataOff        offset of {@code data_off} (uint16)
 * @param refcnt         offset of {@code refcnt} (uint16)
 * @param nbSegs         offset of {@code nb_segs} (uint16)
 * @param port           offset of {@code port} (uint16)
 * @param olFlags        offset of {@code ol_flags} (uint64)
 * @param pktLen         offset of {@code pkt_len} (uint32)
 * @param dataLen        offset of {@code data_len} (uint16)
 * @param bufLen         offset of {@code buf_len} (uint16)
 * @param next           offset of {@code next} (pointer)
 * @param headroom       {@code RTE_PKTMBUF_HEADROOM}
 * @param privOffset     where the private area (Margay's mbuf index, a uint32) starts
 * @param pool           offset of {@code pool} (pointer to the owning rte_mempool)
 * @param rxIpChecksumGood {@code RTE_MBUF_F_RX_IP_CKSUM_GOOD}
 * @param rxL4ChecksumGood {@code RTE_MBUF_F_RX_L4_CKSUM_GOOD}
 */
record MbufLayout(long mbufSize, long bufAddr, long dataOff, long refcnt, long nbSegs, long port, long olFlags,
                  long pktLen, long dataLen, long bufLen, long next, long headroom, long privOffset, long pool,
                  long rxIpChecksumGood, long rxL4ChecksumGood) {
    private static final int FIELDS = 16;

    /** Asks the shim. */
    static MbufLayout query() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, FIELDS);
            int n = (int) Dpdk.MBUF_LAYOUT.invokeExact(out, FIELDS);
            if (n != FIELDS) {
                throw new DpdkUnavailableException("the DPDK shim reports " + n + " mbuf layout fields, expected " + FIELDS + " (stale build?)");
            }
            long[] v = out.toArray(ValueLayout.JAVA_LONG);
            return new MbufLayout(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                    v[13], v[14], v[15]);
        } catch (DpdkUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }
}
