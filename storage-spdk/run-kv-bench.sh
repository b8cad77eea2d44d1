#!/usr/bin/env bash
# Issue #7: the RESP key-value server with every SET logged to a PDPIX storage queue (io_uring, O_DIRECT), against
# the same server without the log, loaded by redis-benchmark (Debian's redis-tools). Prints medians of interleaved runs.
#   storage-spdk/run-kv-bench.sh [--runs 5] [--requests 20000] [--clients 8] [--pipeline 1] [--net-idle spin|block]
# Builds storage-spdk (and what it needs) with the pinned Maven, then runs
# org.margay.storage.example.KvLogBenchmark from the test classes (see docs/PERFORMANCE.md). Needs a JDK 25+
# (JAVA_HOME, or the newest under /usr/lib/jvm), liburing-dev, gcc and redis-tools. Set MARGAY_NO_BUILD=1 to reuse
# an existing build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  for c in /usr/lib/jvm/*/; do
    if "${c}bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then export JAVA_HOME="${c%/}"; fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "run-kv-bench: no JDK 25+ found; set JAVA_HOME" >&2; exit 1; }
command -v redis-benchmark >/dev/null || { echo "run-kv-bench: redis-benchmark is missing (apt-get install redis-tools)" >&2; exit 1; }
cp_file="$root/storage-spdk/target/bench-classpath.txt"
if [ -z "${MARGAY_NO_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl storage-spdk -am install -DskipTests)
fi
(cd "$root" && ./mvnw -B -q -o -pl storage-spdk dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file")
cd "$root/storage-spdk"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
    org.margay.storage.example.KvLogBenchmark "$@"
