/*
 * Margay's shim for liburing: io_uring's submission helpers (io_uring_get_sqe, io_uring_prep_*,
 * io_uring_sqe_set_data64) and completion helpers (io_uring_peek_cqe, io_uring_cqe_seen) are static inline
 * functions in <liburing.h>, which FFM cannot call. Each function here does one whole step so that Java makes one
 * downcall per I/O: queue a read, a write or an fsync, submit, reap completions.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <liburing.h>

void *margay_uring_create(unsigned entries, int *error)
{
    struct io_uring *ring = calloc(1, sizeof(*ring));
    if (ring == NULL) {
        *error = ENOMEM;
        return NULL;
    }
    int rc = io_uring_queue_init(entries, ring, 0);
    if (rc < 0) {
        free(ring);
        *error = -rc;
        return NULL;
    }
    *error = 0;
    return ring;
}

void margay_uring_destroy(void *ring)
{
    io_uring_queue_exit((struct io_uring *) ring);
    free(ring);
}

/* Registers one region as fixed buffer 0, so reads and writes into it skip the per-I/O page pinning. */
int margay_uring_register(void *ring, void *base, size_t length)
{
    struct iovec iov = { .iov_base = base, .iov_len = length };
    return io_uring_register_buffers((struct io_uring *) ring, &iov, 1);
}

int margay_uring_read(void *ring, int fd, void *buffer, unsigned length, long long offset, unsigned long long tag, int fixed)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe((struct io_uring *) ring);
    if (sqe == NULL) {
        return -EAGAIN;
    }
    if (fixed) {
        io_uring_prep_read_fixed(sqe, fd, buffer, length, (__u64) offset, 0);
    } else {
        io_uring_prep_read(sqe, fd, buffer, length, (__u64) offset);
    }
    io_uring_sqe_set_data64(sqe, tag);
    return 0;
}

int margay_uring_write(void *ring, int fd, const void *buffer, unsigned length, long long offset, unsigned long long tag,
                       int fixed, int rw_flags)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe((struct io_uring *) ring);
    if (sqe == NULL) {
        return -EAGAIN;
    }
    if (fixed) {
        io_uring_prep_write_fixed(sqe, fd, buffer, length, (__u64) offset, 0);
    } else {
        io_uring_prep_write(sqe, fd, buffer, length, (__u64) offset);
    }
    sqe->rw_flags = rw_flags;
    io_uring_sqe_set_data64(sqe, tag);
    return 0;
}

int margay_uring_fsync(void *ring, int fd, unsigned long long tag, int datasync)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe((struct io_uring *) ring);
    if (sqe == NULL) {
        return -EAGAIN;
    }
    io_uring_prep_fsync(sqe, fd, datasync ? IORING_FSYNC_DATASYNC : 0);
    io_uring_sqe_set_data64(sqe, tag);
    return 0;
}

int margay_uring_submit(void *ring)
{
    return io_uring_submit((struct io_uring *) ring);
}

/* Takes up to max completions without blocking: their tags and results (bytes, or -errno). */
int margay_uring_reap(void *ring, unsigned long long *tags, int *results, int max)
{
    struct io_uring *r = (struct io_uring *) ring;
    int n = 0;
    struct io_uring_cqe *cqe;
    while (n < max && io_uring_peek_cqe(r, &cqe) == 0) {
        tags[n] = io_uring_cqe_get_data64(cqe);
        results[n] = cqe->res;
        io_uring_cqe_seen(r, cqe);
        n++;
    }
    return n;
}

/* Blocks until at least one completion is ready (does not take it); 0 or -errno. */
int margay_uring_wait(void *ring)
{
    struct io_uring_cqe *cqe;
    return io_uring_wait_cqe((struct io_uring *) ring, &cqe);
}

int margay_uring_shim_version(void)
{
    return 1;
}
