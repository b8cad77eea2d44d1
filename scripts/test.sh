#!/usr/bin/env bash
# The body of `./margay test`, the project's one test command (CI's .ci/run calls `./margay test`).
#
# 1. Prepares the machine for the tests that need real tools: on Debian as root it installs the missing
#    packages below; elsewhere it says which are missing, and the tests that need them skip with a message
#    (a skip is never counted as a pass).
# 2. Runs every module's tests with the pinned Maven: ./mvnw -B verify [extra Maven arguments].
# 3. Cleans up whatever the tests left on the machine (network namespaces named margay-*, hugepages it
#    reserved), also when interrupted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Debian package -> a command it provides, or a file it installs (to tell whether it is installed).
packages=(
  "tshark:tshark"
  "tcpdump:tcpdump"
  "iproute2:ip"
  "iputils-ping:ping"
  "socat:socat"
  "ethtool:ethtool"
  "pkg-config:pkg-config"
  "dpdk:dpdk-testpmd"
  "libdpdk-dev:/usr/include/dpdk/rte_ethdev.h"
  "libxdp1:/usr/lib/x86_64-linux-gnu/libxdp.so.1"
  "python3:/usr/bin/python3"
  "redis-tools:redis-cli"
  "iperf3:iperf3"
  "curl:curl"
  "gcc:gcc"
  "libibverbs-dev:/usr/include/infiniband/verbs.h"
  "librdmacm-dev:/usr/include/rdma/rdma_cma.h"
  "ibverbs-providers:/etc/libibverbs.d"
  "liburing-dev:/usr/include/liburing.h"
  "hping3:hping3"
  "nmap:nmap"
  "librsvg2-bin:rsvg-convert"
  "python3-scapy:/usr/lib/python3/dist-packages/scapy/__init__.py"
)

missing=()
for entry in "${packages[@]}"; do
  check="${entry#*:}"
  if [ "${check#/}" != "$check" ]; then
    [ -e "$check" ] || missing+=("${entry%%:*}")
  else
    command -v "$check" >/dev/null 2>&1 || missing+=("${entry%%:*}")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "margay test: installing ${missing[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "margay test: missing ${missing[*]}; the tests that need them will be skipped (install them to run those)."
  fi
fi

cleanup() {
  for ns in $(ip netns list 2>/dev/null | awk '/^margay-/ {print $1}'); do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

./mvnw -B verify "$@"
