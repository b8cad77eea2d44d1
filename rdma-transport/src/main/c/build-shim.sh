#!/usr/bin/env bash
# Builds Margay's rdma-core shim (margay_rdma.c) into $1/libmargay_rdma.so, called by the Maven build of
# rdma-transport. Without rdma-core's development files (Debian: apt-get install libibverbs-dev librdmacm-dev) it
# says so and builds nothing: the module still compiles, the rdma-core binding reports the missing shim, and the
# in-process verbs device (which needs no native code) carries the tests.
set -euo pipefail
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/margay_rdma.c"
if ! command -v gcc >/dev/null 2>&1; then
  echo "rdma-transport: gcc missing; the rdma-core shim is not built (the rdma-core binding reports it)"
  exit 0
fi
if [ ! -f /usr/include/infiniband/verbs.h ]; then
  echo "rdma-transport: libibverbs-dev is not installed; the rdma-core shim is not built (apt-get install libibverbs-dev librdmacm-dev)"
  exit 0
fi
mkdir -p "$out"
if [ "$out/libmargay_rdma.so" -nt "$src" ]; then
  exit 0
fi
gcc -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out/libmargay_rdma.so" "$src" -libverbs
echo "rdma-transport: built $out/libmargay_rdma.so against rdma-core $(pkg-config --modversion libibverbs 2>/dev/null || echo '(version unknown)')"
