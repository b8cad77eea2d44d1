#!/usr/bin/env bash
# Builds Margay's DPDK shim (margay_dpdk.c) into $1/libmargay_dpdk.so, called by the Maven build of device-dpdk.
# Without DPDK's development files (Debian: apt-get install libdpdk-dev) it says so and builds nothing: the
# module still compiles, and its tests skip with that reason.
set -euo pipefail
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/margay_dpdk.c"
if ! command -v gcc >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then
  echo "device-dpdk: gcc or pkg-config missing; the DPDK shim is not built (DPDK devices unavailable)"
  exit 0
fi
if ! pkg-config --exists libdpdk 2>/dev/null; then
  echo "device-dpdk: libdpdk-dev is not installed; the DPDK shim is not built (DPDK devices unavailable)"
  exit 0
fi
mkdir -p "$out"
if [ "$out/libmargay_dpdk.so" -nt "$src" ]; then
  exit 0
fi
# pkg-config omits the ring PMD's library, which rte_eth_from_rings needs.
gcc -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out/libmargay_dpdk.so" "$src" \
    $(pkg-config --cflags --libs libdpdk) -lrte_net_ring
echo "device-dpdk: built $out/libmargay_dpdk.so against DPDK $(pkg-config --modversion libdpdk)"
