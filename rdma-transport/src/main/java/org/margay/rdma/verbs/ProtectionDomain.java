package org.margay.rdma.verbs;

/**
 * A protection domain ({@code struct ibv_pd}): memory regions, queue pairs and address handles of one domain may
 * be used together; a work request naming a region of another domain fails with a protection error.
 */
public interface ProtectionDomain {
}
