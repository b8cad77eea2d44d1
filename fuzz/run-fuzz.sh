#!/usr/bin/env bash
# Fuzzes one Jazzer target of the fuzz module for real and prints executions, time and findings.
#
#   fuzz/run-fuzz.sh TARGET [EXECUTIONS]     TARGET = Class#method, e.g. TcpFuzzTest#tcpSegment
#   fuzz/run-fuzz.sh --list                  lists the targets
#   fuzz/run-fuzz.sh --write-seeds           regenerates the seed corpus (src/test/resources) from SeedCorpus
#
# EXECUTIONS defaults to 10^7 (issue #9). Environment:
#   MAX_DURATION  stop earlier after this long (Jazzer syntax: 90s, 5m, 2h; default 24h, i.e. run the executions)
#   KEEP_GOING    findings to collect before stopping (default 1: stop at the first crash)
#   MVN_ARGS      extra Maven arguments, e.g. "-o" to stay offline
#   ALSO_MAKE     0: test against the installed jars of the fuzzed modules instead of building them too (-am);
#                 use it while other work builds those modules (default 1)
# A crash is saved by Jazzer as src/test/resources/org/margay/fuzz/<Class>Inputs/<method>/crash-<sha1>, which
# makes it a regression input of every later ./mvnw verify. The corpus grown while fuzzing stays in
# fuzz/.cifuzz-corpus/ (git-ignored) and is reused by the next run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if [[ -z "${JAVA_HOME:-}" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
        if [[ -x "$candidate/bin/java" ]]; then
            export JAVA_HOME="$candidate"
            break
        fi
    done
fi

list_targets() {
    local file class
    for file in "$here"/src/test/java/org/margay/fuzz/*FuzzTest.java; do
        class="$(basename "$file" .java)"
        { grep -A1 -E '^[[:space:]]+@FuzzTest' "$file" || true; } | { grep -oE 'void [a-zA-Z0-9_]+' || true; } \
            | sed "s/void /$class#/"
    done
}

case "${1:-}" in
    ""|-h|--help)
        sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
        exit 2 ;;
    --list)
        list_targets
        exit 0 ;;
    --write-seeds)
        # shellcheck disable=SC2086
        ./mvnw -B -q ${MVN_ARGS:-} -pl fuzz -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile=target/test-classpath.txt
        "$JAVA_HOME/bin/java" -cp "fuzz/target/test-classes:fuzz/target/classes:$(cat fuzz/target/test-classpath.txt)" \
            org.margay.fuzz.SeedCorpus fuzz/src/test/resources
        echo "seeds written under fuzz/src/test/resources/org/margay/fuzz"
        exit 0 ;;
esac

target="$1"
executions="${2:-10000000}"
targets="$(list_targets)"
if ! grep -qx -- "$target" <<<"$targets"; then
    echo "run-fuzz.sh: unknown target '$target'; targets are:" >&2
    echo "$targets" >&2
    exit 2
fi
class="${target%%#*}"
method="${target##*#}"
log="$here/target/fuzz-${class}-${method}.log"
mkdir -p "$here/target"

echo "fuzzing $target for $executions executions (max duration ${MAX_DURATION:-24h}); log: $log"
start=$(date +%s)
status=0
# JAZZER_FUZZ=1 turns @FuzzTest from replaying its inputs into fuzzing; JAZZER_MAX_EXECUTIONS and
# JAZZER_MAX_DURATION override @FuzzTest(maxExecutions, maxDuration) (Jazzer 0.30 options max_executions,
# max_duration); JAZZER_KEEP_GOING is libFuzzer's count of findings to collect before stopping.
# shellcheck disable=SC2086
JAZZER_FUZZ=1 JAZZER_MAX_EXECUTIONS="$executions" JAZZER_MAX_DURATION="${MAX_DURATION:-24h}" \
JAZZER_KEEP_GOING="${KEEP_GOING:-1}" \
    ./mvnw -B ${MVN_ARGS:-} -pl fuzz $([[ "${ALSO_MAKE:-1}" == 0 ]] || echo -am) test "-Dtest=$class#$method" \
    -Dsurefire.failIfNoSpecifiedTests=false \
    >"$log" 2>&1 || status=$?
end=$(date +%s)

done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
last_stat="$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)"
runs="$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' <<<"$done_line")"
[[ -z "$runs" ]] && runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last_stat")"
crashes="$(grep -oE 'src/test/resources/org/margay/fuzz/[^ ]*/crash-[0-9a-f]+' "$log" | sort -u || true)"
findings="$(grep -cE '^== Java Exception|^== libFuzzer crashing input' "$log" || true)"

echo "target:      $target"
echo "executions:  ${runs:-unknown}"
echo "time:        $((end - start)) s wall (${done_line:-libFuzzer printed no summary})"
echo "coverage:    $(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[KMb]*' <<<"$last_stat" || echo unknown)"
echo "findings:    ${findings:-0}"
if [[ -n "$crashes" ]]; then
    echo "crash inputs (now regression inputs):"
    sed 's/^/  fuzz\//' <<<"$crashes"
    grep -E '^== Java Exception' -A12 "$log" | head -60
fi
if [[ $status -ne 0 && -z "$crashes" ]]; then
    echo "Maven failed without a saved crash (exit $status); see $log" >&2
fi
exit "$status"
