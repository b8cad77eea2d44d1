#!/usr/bin/env bash
# Builds Margay's storage shims into $1, called by the Maven build of storage-spdk:
#   libmargay_uring.so  liburing's inline helpers (needs liburing-dev; without it io_uring reports the missing shim)
#   libmargay_spdk.so   the NVMe completion callback for SPDK (plain C, no SPDK headers needed)
# A missing tool or package is reported and skipped: the module still compiles, and the backends that need the
# shim say so when opened.
set -euo pipefail
out="$1"
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v gcc >/dev/null 2>&1; then
  echo "storage-spdk: gcc missing; the io_uring and SPDK shims are not built (those backends report it)"
  exit 0
fi
mkdir -p "$out"
if [ ! "$out/libmargay_spdk.so" -nt "$dir/margay_spdk.c" ]; then
  gcc -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out/libmargay_spdk.so" "$dir/margay_spdk.c"
  echo "storage-spdk: built $out/libmargay_spdk.so"
fi
if [ ! -f /usr/include/liburing.h ]; then
  echo "storage-spdk: liburing-dev is not installed; the io_uring shim is not built (apt-get install liburing-dev)"
  exit 0
fi
if [ ! "$out/libmargay_uring.so" -nt "$dir/margay_uring.c" ]; then
  gcc -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out/libmargay_uring.so" "$dir/margay_uring.c" -luring
  echo "storage-spdk: built $out/libmargay_uring.so against liburing $(pkg-config --modversion liburing 2>/dev/null || echo '(version unknown)')"
fi
