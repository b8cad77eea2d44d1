#!/usr/bin/env bash
# The P3 allocation check of issue #6 (a benchmark check, not a unit test):
#   1. every JMH fast-path benchmark of org.margay.bench.stack and org.margay.bench.pdpix, run with JMH's gc
#      profiler, allocates at most 0.1 B/op;
#   2. a Margay<->Margay echo over the shared-memory device runs 60 s (10 s with --quick) without a GC
#      (counted by the collectors' MXBeans over the measured window; -Xlog:gc kept in the run directory).
# Exits 0 when both hold, 1 when either regressed (or could not be checked). Usage: perf/check-allocation.sh [--quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/bench/target/benchmarks.jar" ]; then
  echo "check-allocation: building bench/target/benchmarks.jar" >&2
  (cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests)
fi
exec "$root/margay" bench --check-allocation --scenario p3 "$@"
