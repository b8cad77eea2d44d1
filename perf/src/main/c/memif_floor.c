/*
 * memif_floor.c: the C floor of Margay's benchmarks over DPDK memif (issue #6, P1 and P4).
 *
 * Two processes, one memif port each (role=server in one, role=client in the other), no stack at all:
 *   echo: the client sends one SIZE-byte frame, spins on rx_burst until it comes back, and records the round
 *         trip (CLOCK_MONOTONIC, ns) of every exchange inside the measured window; the server sends every frame
 *         straight back (the same mbuf).
 *   bulk: the client sends bursts of 32 SIZE-byte frames, each written in full from a template (the copy a
 *         stack would do), and counts the bytes tx_burst took inside the window; the server frees what arrives.
 * A frame whose first payload byte is 0xff tells the server to stop, so that both sides close cleanly (memif on
 * DPDK 22.11 can crash in the process still polling when its peer disconnects).
 *
 * Usage: memif_floor EAL-ARGS... --vdev=net_memif0,role=ROLE,socket=PATH -- ROLE MODE WARMUP_MS MEASURE_MS SIZE OUT
 * Output (stdout): READY once the port started (server), then "RESULT key value" lines; echo samples go to OUT as
 * native-endian uint32 nanoseconds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define BURST 32
#define STOP_MARK 0xff
#define ETHER_TYPE_LOCAL 0x88b5 /* IEEE 802 local experimental EtherType */
#define MAX_SAMPLES (64u * 1024u * 1024u)

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int fail(const char *what, int code) {
    fprintf(stderr, "memif_floor: %s failed: %s (%d)\n", what, rte_strerror(code < 0 ? -code : code), code);
    return 1;
}

static void fill_frame(uint8_t *p, uint16_t size, uint8_t mark) {
    memset(p, 0, 12);
    p[0] = 0x02; p[5] = 0x02;  /* locally administered destination */
    p[6] = 0x02; p[11] = 0x01; /* and source */
    p[12] = ETHER_TYPE_LOCAL >> 8;
    p[13] = ETHER_TYPE_LOCAL & 0xff;
    for (uint16_t i = 14; i < size; i++) {
        p[i] = (uint8_t)i;
    }
    if (size > 14) {
        p[14] = mark;
    }
}

static struct rte_mbuf *frame(struct rte_mempool *mp, const uint8_t *template, uint16_t size) {
    struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
    if (m == NULL) {
        return NULL;
    }
    uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, size);
    if (p == NULL) {
        rte_pktmbuf_free(m);
        return NULL;
    }
    memcpy(p, template, size);
    return m;
}

static void send_all(uint16_t port, struct rte_mbuf **bufs, uint16_t n) {
    uint16_t sent = 0;
    uint64_t deadline = now_ns() + 1000000000ull;
    while (sent < n && now_ns() < deadline) {
        sent += rte_eth_tx_burst(port, 0, bufs + sent, n - sent);
    }
    for (uint16_t i = sent; i < n; i++) {
        rte_pktmbuf_free(bufs[i]);
    }
}

static int is_stop(struct rte_mbuf *m) {
    return rte_pktmbuf_data_len(m) > 14 && rte_pktmbuf_mtod(m, uint8_t *)[14] == STOP_MARK;
}

static int serve(uint16_t port, int echo) {
    struct rte_mbuf *bufs[BURST];
    uint64_t frames = 0;
    uint64_t idle_since = now_ns();
    for (;;) {
        uint16_t n = rte_eth_rx_burst(port, 0, bufs, BURST);
        if (n == 0) {
            if (now_ns() - idle_since > 60000000000ull) {
                fprintf(stderr, "memif_floor: server idle for 60 s, stopping\n");
                break;
            }
            continue;
        }
        idle_since = now_ns();
        int stop = 0;
        for (uint16_t i = 0; i < n; i++) {
            stop |= is_stop(bufs[i]);
        }
        frames += n;
        if (echo && !stop) {
            send_all(port, bufs, n);
        } else {
            rte_pktmbuf_free_bulk(bufs, n);
        }
        if (stop) {
            break;
        }
    }
    printf("RESULT frames %llu\n", (unsigned long long)frames);
    return 0;
}

static void send_stop(uint16_t port, struct rte_mempool *mp, uint16_t size) {
    uint8_t stop[64];
    fill_frame(stop, 64, STOP_MARK);
    struct rte_mbuf *m = frame(mp, stop, size < 64 ? size : 64);
    if (m != NULL) {
        send_all(port, &m, 1);
    }
}

static int echo_client(uint16_t port, struct rte_mempool *mp, uint64_t warm, uint64_t measure, uint16_t size,
                       const char *out) {
    uint8_t template[9216];
    fill_frame(template, size, 0);
    uint32_t *samples = malloc(sizeof(uint32_t) * MAX_SAMPLES);
    if (samples == NULL) {
        return fail("malloc", ENOMEM);
    }
    uint32_t count = 0;
    uint64_t start = now_ns();
    uint64_t measure_from = start + warm;
    uint64_t end = measure_from + measure;
    struct rte_mbuf *bufs[BURST];
    for (;;) {
        uint64_t t0 = now_ns();
        if (t0 >= end) {
            break;
        }
        struct rte_mbuf *m = frame(mp, template, size);
        if (m == NULL) {
            return fail("mbuf alloc", ENOMEM);
        }
        send_all(port, &m, 1);
        uint16_t n;
        uint64_t give_up = t0 + 1000000000ull;
        while ((n = rte_eth_rx_burst(port, 0, bufs, BURST)) == 0) {
            if (now_ns() > give_up) {
                return fail("echo (no reply within 1 s)", ETIMEDOUT);
            }
        }
        rte_pktmbuf_free_bulk(bufs, n);
        uint64_t t1 = now_ns();
        if (t0 >= measure_from && count < MAX_SAMPLES) {
            samples[count++] = (uint32_t)(t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0);
        }
    }
    send_stop(port, mp, size);
    FILE *f = fopen(out, "wb");
    if (f == NULL || fwrite(samples, sizeof(uint32_t), count, f) != count || fclose(f) != 0) {
        return fail("writing the samples", errno);
    }
    free(samples);
    printf("RESULT samples %u\n", count);
    return 0;
}

static int bulk_client(uint16_t port, struct rte_mempool *mp, uint64_t warm, uint64_t measure, uint16_t size) {
    uint8_t template[9216];
    fill_frame(template, size, 0);
    uint64_t start = now_ns();
    uint64_t measure_from = start + warm;
    uint64_t end = measure_from + measure;
    uint64_t bytes = 0;
    uint64_t frames = 0;
    struct rte_mbuf *bufs[BURST];
    for (;;) {
        uint64_t now = now_ns();
        if (now >= end) {
            break;
        }
        uint16_t n = 0;
        while (n < BURST) {
            struct rte_mbuf *m = frame(mp, template, size);
            if (m == NULL) {
                break;
            }
            bufs[n++] = m;
        }
        uint16_t sent = rte_eth_tx_burst(port, 0, bufs, n);
        for (uint16_t i = sent; i < n; i++) {
            rte_pktmbuf_free(bufs[i]);
        }
        frames += sent;
        if (now >= measure_from) {
            bytes += (uint64_t)sent * (size - 14u);
        }
    }
    send_stop(port, mp, size);
    printf("RESULT bytes %llu\nRESULT nanos %llu\nRESULT frames %llu\n", (unsigned long long)bytes,
           (unsigned long long)measure, (unsigned long long)frames);
    return 0;
}

int main(int argc, char **argv) {
    int used = rte_eal_init(argc, argv);
    if (used < 0) {
        return fail("rte_eal_init", rte_errno);
    }
    argc -= used;
    argv += used;
    if (argc < 7) {
        fprintf(stderr, "usage: memif_floor EAL-ARGS -- server|client echo|bulk WARMUP_MS MEASURE_MS SIZE OUT\n");
        return 2;
    }
    int server = strcmp(argv[1], "server") == 0;
    int echo = strcmp(argv[2], "echo") == 0;
    uint64_t warm = strtoull(argv[3], NULL, 10) * 1000000ull;
    uint64_t measure = strtoull(argv[4], NULL, 10) * 1000000ull;
    uint16_t size = (uint16_t)atoi(argv[5]);
    if (size < 64 || size > 9000) {
        fprintf(stderr, "memif_floor: frame size must be 64..9000, got %u\n", size);
        return 2;
    }
    if (rte_eth_dev_count_avail() < 1) {
        fprintf(stderr, "memif_floor: no port (give --vdev=net_memif0,role=...,socket=...)\n");
        return 1;
    }
    uint16_t port = 0;
    struct rte_mempool *mp = rte_pktmbuf_pool_create("floor", 8191, 256, 0,
            RTE_MBUF_DEFAULT_BUF_SIZE > size + RTE_PKTMBUF_HEADROOM ? RTE_MBUF_DEFAULT_BUF_SIZE : size + RTE_PKTMBUF_HEADROOM,
            rte_socket_id());
    if (mp == NULL) {
        return fail("mempool", rte_errno);
    }
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof(conf));
    int rc;
    if ((rc = rte_eth_dev_configure(port, 1, 1, &conf)) < 0) {
        return fail("configure", rc);
    }
    if ((rc = rte_eth_rx_queue_setup(port, 0, 1024, rte_socket_id(), NULL, mp)) < 0) {
        return fail("rx queue", rc);
    }
    if ((rc = rte_eth_tx_queue_setup(port, 0, 1024, rte_socket_id(), NULL)) < 0) {
        return fail("tx queue", rc);
    }
    if ((rc = rte_eth_dev_start(port)) < 0) {
        return fail("start", rc);
    }
    printf("READY\n");
    fflush(stdout);
    struct rte_eth_link link;
    uint64_t deadline = now_ns() + 30000000000ull;
    do {
        memset(&link, 0, sizeof(link));
        rte_eth_link_get_nowait(port, &link);
    } while (link.link_status != RTE_ETH_LINK_UP && now_ns() < deadline);
    if (link.link_status != RTE_ETH_LINK_UP) {
        return fail("link up (no peer within 30 s)", ETIMEDOUT);
    }
    if (server) {
        rc = serve(port, echo);
    } else {
        rc = echo ? echo_client(port, mp, warm, measure, size, argv[6]) : bulk_client(port, mp, warm, measure, size);
    }
    fflush(stdout);
    rte_eth_dev_stop(port);
    rte_eth_dev_close(port);
    rte_eal_cleanup();
    return rc;
}
