/*
 * margay_dpdk.c: the small C shim between Margay's Java code (Panama FFM) and DPDK 22.11.
 *
 * It exists because the calls a poll loop needs are static inline in DPDK's headers (rte_eth_rx_burst,
 * rte_eth_tx_burst, rte_pktmbuf_alloc/free, rte_mbuf_refcnt_update) and cannot be bound from Java directly,
 * and because rte_mbuf's layout has bit fields and changes between releases: the shim reports the offsets
 * of the fields Java reads (margay_dpdk_mbuf_layout) instead of Java hard-coding them.
 *
 * Every function returns a negative errno-style code on failure (DPDK's own convention), never aborts.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_eth_ring.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>
#include <rte_version.h>

/* Version of this shim's ABI; Java refuses a shim with another one. */
#define MARGAY_DPDK_SHIM_ABI 1

int margay_dpdk_shim_abi(void) { return MARGAY_DPDK_SHIM_ABI; }

const char *margay_dpdk_version(void) { return rte_version(); }

int margay_dpdk_errno(void) { return rte_errno; }

const char *margay_dpdk_strerror(int code) { return rte_strerror(code); }

/* ------------------------------------------------------------------ EAL */

int margay_dpdk_eal_init(int argc, char **argv) {
    int n = rte_eal_init(argc, argv);
    return n < 0 ? -rte_errno : n;
}

int margay_dpdk_eal_cleanup(void) { return rte_eal_cleanup(); }

int margay_dpdk_thread_register(void) {
    if (rte_lcore_id() != LCORE_ID_ANY) {
        return 0; /* already an EAL or registered thread */
    }
    return rte_thread_register() == 0 ? 0 : -rte_errno;
}

void margay_dpdk_thread_unregister(void) { rte_thread_unregister(); }

/* ------------------------------------------------------------------ mbuf layout */

/*
 * Fills out[0..n) with: sizeof(struct rte_mbuf), offsetof buf_addr, data_off, refcnt, nb_segs, port,
 * ol_flags, pkt_len, data_len, buf_len, next, RTE_PKTMBUF_HEADROOM, the private area's offset
 * (sizeof(struct rte_mbuf), where Margay keeps each mbuf's index), offsetof pool, and the ol_flags bits
 * RX_IP_CKSUM_GOOD and RX_L4_CKSUM_GOOD. Returns how many values it wrote.
 */
int margay_dpdk_mbuf_layout(int64_t *out, int n) {
    int64_t v[] = {
        (int64_t)sizeof(struct rte_mbuf),
        (int64_t)offsetof(struct rte_mbuf, buf_addr),
        (int64_t)offsetof(struct rte_mbuf, data_off),
        (int64_t)offsetof(struct rte_mbuf, refcnt),
        (int64_t)offsetof(struct rte_mbuf, nb_segs),
        (int64_t)offsetof(struct rte_mbuf, port),
        (int64_t)offsetof(struct rte_mbuf, ol_flags),
        (int64_t)offsetof(struct rte_mbuf, pkt_len),
        (int64_t)offsetof(struct rte_mbuf, data_len),
        (int64_t)offsetof(struct rte_mbuf, buf_len),
        (int64_t)offsetof(struct rte_mbuf, next),
        (int64_t)RTE_PKTMBUF_HEADROOM,
        (int64_t)sizeof(struct rte_mbuf),
        (int64_t)offsetof(struct rte_mbuf, pool),
        (int64_t)RTE_MBUF_F_RX_IP_CKSUM_GOOD,
        (int64_t)RTE_MBUF_F_RX_L4_CKSUM_GOOD,
    };
    int count = (int)(sizeof(v) / sizeof(v[0]));
    if (n < count) {
        count = n;
    }
    for (int i = 0; i < count; i++) {
        out[i] = v[i];
    }
    return count;
}

/* ------------------------------------------------------------------ mempools */

struct index_ctx {
    void **table;
    uint32_t capacity;
    uint32_t next;
};

static void write_index(struct rte_mempool *mp, void *opaque, void *obj, unsigned idx) {
    (void)mp;
    (void)idx;
    struct index_ctx *ctx = opaque;
    struct rte_mbuf *m = obj;
    uint32_t *priv = (uint32_t *)((char *)m + sizeof(struct rte_mbuf));
    if (ctx->next < ctx->capacity) {
        *priv = ctx->next;
        ctx->table[ctx->next] = m;
    } else {
        *priv = UINT32_MAX;
    }
    ctx->next++;
}

/*
 * Creates a pktmbuf pool of n mbufs with data_room bytes each and an 8-byte private area holding each mbuf's
 * index 0..n-1; table[0..n) receives every mbuf's address. Returns the pool, or NULL (see margay_dpdk_errno).
 */
struct rte_mempool *margay_dpdk_pool_create(const char *name, uint32_t n, uint32_t cache, uint16_t data_room,
                                            void **table) {
    struct rte_mempool *mp = rte_pktmbuf_pool_create(name, n, cache, 8, data_room, (int)rte_socket_id());
    if (mp == NULL) {
        return NULL;
    }
    struct index_ctx ctx = {table, n, 0};
    rte_mempool_obj_iter(mp, write_index, &ctx);
    if (ctx.next != n) {
        rte_mempool_free(mp);
        rte_errno = EINVAL;
        return NULL;
    }
    return mp;
}

void margay_dpdk_pool_free(struct rte_mempool *mp) { rte_mempool_free(mp); }

unsigned margay_dpdk_pool_avail(struct rte_mempool *mp) { return rte_mempool_avail_count(mp); }

struct rte_mbuf *margay_dpdk_alloc(struct rte_mempool *mp) { return rte_pktmbuf_alloc(mp); }

/* Allocates n mbufs into out; returns 0 or a negative code (then nothing was allocated). */
int margay_dpdk_alloc_bulk(struct rte_mempool *mp, struct rte_mbuf **out, unsigned n) {
    return rte_pktmbuf_alloc_bulk(mp, out, n);
}

void margay_dpdk_free(struct rte_mbuf *m) { rte_pktmbuf_free(m); }

void margay_dpdk_free_bulk(struct rte_mbuf **ms, unsigned n) { rte_pktmbuf_free_bulk(ms, n); }

/* Adds delta to the mbuf's reference count (a second holder: the PMD and Margay both). */
void margay_dpdk_refcnt_update(struct rte_mbuf *m, int16_t delta) { rte_mbuf_refcnt_update(m, delta); }

/* ------------------------------------------------------------------ ports */

int margay_dpdk_dev_probe(const char *devargs) { return rte_dev_probe(devargs); }

int margay_dpdk_port_by_name(const char *name) {
    uint16_t port;
    int rc = rte_eth_dev_get_port_by_name(name, &port);
    return rc < 0 ? rc : (int)port;
}

int margay_dpdk_port_count(void) { return (int)rte_eth_dev_count_avail(); }

/*
 * Creates a pair of ports joined back to back by two rings (what one port transmits, the other receives),
 * named <name>_a and <name>_b. Returns port_a | (port_b << 16), or a negative code.
 */
int margay_dpdk_ring_pair(const char *name, unsigned ring_size) {
    char ab[64], ba[64], pa[64], pb[64];
    snprintf(ab, sizeof ab, "%s_ab", name);
    snprintf(ba, sizeof ba, "%s_ba", name);
    snprintf(pa, sizeof pa, "%s_a", name);
    snprintf(pb, sizeof pb, "%s_b", name);
    struct rte_ring *r_ab = rte_ring_create(ab, ring_size, (int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
    struct rte_ring *r_ba = rte_ring_create(ba, ring_size, (int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (r_ab == NULL || r_ba == NULL) {
        int e = rte_errno;
        rte_ring_free(r_ab);
        rte_ring_free(r_ba);
        return -e;
    }
    int a = rte_eth_from_rings(pa, &r_ba, 1, &r_ab, 1, (unsigned)rte_socket_id());
    int b = rte_eth_from_rings(pb, &r_ab, 1, &r_ba, 1, (unsigned)rte_socket_id());
    if (a < 0 || b < 0) {
        return -rte_errno;
    }
    return a | (b << 16);
}

/*
 * Configures port with one rx and one tx queue of the given ring sizes on mp, starts it, and turns on
 * promiscuous mode where supported. tx_offloads/rx_offloads are requested only if the device offers them.
 */
int margay_dpdk_port_start(uint16_t port, uint16_t rx_desc, uint16_t tx_desc, struct rte_mempool *mp,
                           uint64_t rx_offloads, uint64_t tx_offloads) {
    struct rte_eth_dev_info info;
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc != 0) {
        return rc;
    }
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof conf);
    conf.rxmode.offloads = rx_offloads & info.rx_offload_capa;
    conf.txmode.offloads = tx_offloads & info.tx_offload_capa;
    rc = rte_eth_dev_configure(port, 1, 1, &conf);
    if (rc != 0) {
        return rc;
    }
    uint16_t nrx = rx_desc, ntx = tx_desc;
    rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx);
    if (rc != 0) {
        return rc;
    }
    int socket = rte_eth_dev_socket_id(port);
    if (socket < 0) {
        socket = (int)rte_socket_id();
    }
    struct rte_eth_rxconf rxconf = info.default_rxconf;
    rxconf.offloads = conf.rxmode.offloads;
    rc = rte_eth_rx_queue_setup(port, 0, nrx, (unsigned)socket, &rxconf, mp);
    if (rc != 0) {
        return rc;
    }
    struct rte_eth_txconf txconf = info.default_txconf;
    txconf.offloads = conf.txmode.offloads;
    rc = rte_eth_tx_queue_setup(port, 0, ntx, (unsigned)socket, &txconf);
    if (rc != 0) {
        return rc;
    }
    rc = rte_eth_dev_start(port);
    if (rc != 0) {
        return rc;
    }
    rte_eth_promiscuous_enable(port); /* not every PMD supports it; ignore the answer */
    return 0;
}

int margay_dpdk_port_stop(uint16_t port) {
    int rc = rte_eth_dev_stop(port);
    int rc2 = rte_eth_dev_close(port);
    return rc != 0 ? rc : rc2;
}

/* Detaches a probed virtual device by name (the port must be closed). */
int margay_dpdk_dev_remove(const char *name) {
    return rte_eal_hotplug_remove("vdev", name);
}

int margay_dpdk_port_mac(uint16_t port, uint8_t *out) {
    struct rte_ether_addr mac;
    int rc = rte_eth_macaddr_get(port, &mac);
    if (rc == 0) {
        memcpy(out, mac.addr_bytes, 6);
    }
    return rc;
}

int margay_dpdk_port_mtu(uint16_t port) {
    uint16_t mtu;
    int rc = rte_eth_dev_get_mtu(port, &mtu);
    return rc < 0 ? rc : (int)mtu;
}

/* out[0..2): the device's rx and tx offload capabilities. */
int margay_dpdk_port_offloads(uint16_t port, uint64_t *out) {
    struct rte_eth_dev_info info;
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc == 0) {
        out[0] = info.rx_offload_capa;
        out[1] = info.tx_offload_capa;
    }
    return rc;
}

/* out[0..8): ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors, rx_nombuf. */
int margay_dpdk_port_stats(uint16_t port, uint64_t *out) {
    struct rte_eth_stats s;
    int rc = rte_eth_stats_get(port, &s);
    if (rc == 0) {
        out[0] = s.ipackets;
        out[1] = s.opackets;
        out[2] = s.ibytes;
        out[3] = s.obytes;
        out[4] = s.imissed;
        out[5] = s.ierrors;
        out[6] = s.oerrors;
        out[7] = s.rx_nombuf;
    }
    return rc;
}

int margay_dpdk_link_up(uint16_t port) {
    struct rte_eth_link link;
    int rc = rte_eth_link_get_nowait(port, &link);
    return rc < 0 ? rc : (int)link.link_status;
}

/* ------------------------------------------------------------------ the fast path */

uint16_t margay_dpdk_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_rx_burst(port, queue, pkts, n);
}

uint16_t margay_dpdk_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_tx_burst(port, queue, pkts, n);
}

/* An empty function, to measure the cost of a downcall. */
void margay_dpdk_nop(void) {}

