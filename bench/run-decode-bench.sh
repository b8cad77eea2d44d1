#!/usr/bin/env bash
# Issue #2: parse-only decode throughput of Margay vs tshark on the same capture, in one invocation.
#   bench/run-decode-bench.sh [--iterations N] [--runs N] [--gc] [--keep FILE] [--no-external]
# Builds bench (and what it needs) with the pinned Maven, then runs org.margay.bench.DecodeThroughput
# (see docs/PERFORMANCE.md). Needs a JDK 25+: JAVA_HOME, or the newest under /usr/lib/jvm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  for c in /usr/lib/jvm/*/; do
    if "${c}bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then export JAVA_HOME="${c%/}"; fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "run-decode-bench: no JDK 25+ found; set JAVA_HOME" >&2; exit 1; }
(cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests)
exec "$JAVA_HOME/bin/java" -jar "$root/bench/target/benchmarks.jar" "$@"
