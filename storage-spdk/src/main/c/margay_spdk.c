/*
 * Margay's shim for SPDK's NVMe driver: the completion callback that spdk_nvme_ns_cmd_read/write/flush call from
 * spdk_nvme_qpair_process_completions. An FFM upcall per I/O would cost tens of nanoseconds each (and an exception in
 * it would kill the JVM), so this C callback only records (tag, status) in a ring that Java reaps in batches.
 *
 * It needs no SPDK headers: the completion entry is the NVMe completion queue entry defined by the NVMe base
 * specification (figure "Common Completion Queue Entry Layout"): dword 3 bits 31:17 are the status field, of which
 * bits 7:0 are the Status Code and bits 10:8 the Status Code Type (SPDK's struct spdk_nvme_status); 0/0 is success.
 * The status is reported as (SCT << 8) | SC.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t *ring_tags;
static int32_t *ring_status;
static uint32_t ring_mask;
static uint32_t ring_head;
static uint32_t ring_tail;
static uint64_t ring_overflows;

/* Makes the ring of 2^k >= capacity entries; 0, or -1 when out of memory. */
int margay_spdk_ring_init(uint32_t capacity)
{
    uint32_t size = 1;
    while (size < capacity) {
        size <<= 1;
    }
    free(ring_tags);
    free(ring_status);
    ring_tags = calloc(size, sizeof(uint64_t));
    ring_status = calloc(size, sizeof(int32_t));
    if (ring_tags == NULL || ring_status == NULL) {
        return -1;
    }
    ring_mask = size - 1;
    ring_head = ring_tail = 0;
    ring_overflows = 0;
    return 0;
}

/* The spdk_nvme_cmd_cb: cb_arg carries Margay's tag. */
void margay_spdk_complete(void *cb_arg, const void *cpl)
{
    const uint8_t *entry = (const uint8_t *) cpl;
    uint16_t raw;
    memcpy(&raw, entry + 14, sizeof(raw));       /* dword 3, bits 31:16: phase bit then the status field */
    uint16_t status = raw >> 1;
    int32_t sc = status & 0xFF;
    int32_t sct = (status >> 8) & 0x7;
    if (ring_tail - ring_head > ring_mask) {
        ring_overflows++;
        return;
    }
    ring_tags[ring_tail & ring_mask] = (uint64_t) (uintptr_t) cb_arg;
    ring_status[ring_tail & ring_mask] = (sct << 8) | sc;
    ring_tail++;
}

/* Takes up to max recorded completions. */
int margay_spdk_reap(uint64_t *tags, int32_t *status, int max)
{
    int n = 0;
    while (n < max && ring_head != ring_tail) {
        tags[n] = ring_tags[ring_head & ring_mask];
        status[n] = ring_status[ring_head & ring_mask];
        ring_head++;
        n++;
    }
    return n;
}

uint64_t margay_spdk_overflows(void)
{
    return ring_overflows;
}

int margay_spdk_shim_version(void)
{
    return 1;
}
