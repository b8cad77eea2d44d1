#!/usr/bin/env bash
# Renders the pictures kept in docs/images/ (one ladder per lab scenario, the slow-start plots, a capture's ladder
# and plots, a live capture's ladder) as SVG, then PNG, so that a person can look at them. Needs rsvg-convert (Debian: apt-get install
# librsvg2-bin); ImageMagick's convert is used when rsvg-convert is missing.
#
#   explain/scripts/render-examples.sh [OUT_DIR]        (default: docs/images)
#
# MARGAY may name another launcher (default: ./margay at the repository root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/docs/images}"
margay="${MARGAY:-$root/margay}"
corpus="${MARGAY_CORPUS:-$root/../shared/corpus}"
mkdir -p "$out"

to_png() { # SVG PNG
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert --background-color=white "$1" -o "$2"
  elif [ -x /usr/bin/convert ]; then
    /usr/bin/convert -background white "$1" "$2"
  else
    echo "render-examples: neither rsvg-convert (librsvg2-bin) nor ImageMagick is installed" >&2
    exit 1
  fi
}

for scenario in handshake slow-start fast-retransmit sack rto-backoff zero-window nagle-delayed-ack \
    simultaneous-open time-wait syn-flood ip-fragmentation; do
  extra=()
  [ "$scenario" = slow-start ] && extra+=(--plot "$out/plot-slow-start.svg")
  "$margay" explain --scenario "$scenario" --svg "$out/ladder-$scenario.svg" "${extra[@]}" >/dev/null
  to_png "$out/ladder-$scenario.svg" "$out/ladder-$scenario.png"
done
to_png "$out/plot-slow-start.svg" "$out/plot-slow-start.png"

"$margay" explain --sim --bytes 200K --loss 2 --seed 4 --plot "$out/plot-sim-loss.svg" >/dev/null
to_png "$out/plot-sim-loss.svg" "$out/plot-sim-loss.png"

# Live mode: the demo's own capture and event log (two stacks, so both sides' events are exact).
live="$(mktemp -d)"
"$margay" demo --pcap "$live/demo.pcapng" >/dev/null
"$margay" explain "$live/demo.pcapng" --connection 3 --svg "$out/ladder-live-demo.svg" >/dev/null
to_png "$out/ladder-live-demo.svg" "$out/ladder-live-demo.png"
# ... and a serve/connect pair over a shared-memory link, real clocks: the client's cwnd, in flight and RTT as its
# stack logged them.
link="/dev/shm/ml-render-$$"
"$margay" serve --device "shm:$link" --ip 10.9.0.2/24 --app discard >"$live/serve.out" 2>&1 &
serve=$!
for _ in $(seq 1 100); do grep -q "serve: listening" "$live/serve.out" && break; sleep 0.1; done
"$margay" connect --device "shm:$link" --ip 10.9.0.1/24 --to 10.9.0.2:9 --send-bytes 2M \
    --pcap "$live/connect.pcapng" >/dev/null 2>&1
kill -TERM "$serve"; wait "$serve" || true   # (a background job of a script ignores SIGINT)
rm -f "$link"
"$margay" explain "$live/connect.pcapng" --plot "$out/plot-live-connect.svg" >/dev/null
to_png "$out/plot-live-connect.svg" "$out/plot-live-connect.png"
rm -rf "$live"

capture="$corpus/pcap/zeek/tcp/retransmit-fast009.pcap"
if [ -f "$capture" ]; then
  # The picture is drawn by Margay; the capture itself stays in the corpus.
  "$margay" explain "$capture" --svg "$out/ladder-capture-retransmit-fast009.svg" \
      --plot "$out/plot-capture-retransmit-fast009.svg" >/dev/null
  to_png "$out/ladder-capture-retransmit-fast009.svg" "$out/ladder-capture-retransmit-fast009.png"
  to_png "$out/plot-capture-retransmit-fast009.svg" "$out/plot-capture-retransmit-fast009.png"
else
  echo "render-examples: the corpus is absent ($corpus): capture pictures skipped" >&2
fi
echo "render-examples: pictures in $out"
