package org.margay.rdma.verbs;

/** An address handle ({@code struct ibv_ah}): where a UD send goes (the path to the destination port). */
public interface AddressHandle {
}
