#!/usr/bin/env bash
# Makes the captures that check `margay decode` against tcpdump and tshark on traffic it was not written
# against: three Linux network namespaces A - R - B (R routes; the R-B link has MTU 1000) exchange
#   ARP; ICMP echo of several sizes (0, 1, 1472, 1473, 3000 bytes: fragments at A, fragmented again at R);
#   ping with IP options (-R record route, -T tsonly, -T tsandaddr); TTL 1 pings and UDP (ICMP time
#   exceeded from R, quoting ICMP and UDP); a DF ping too big for R-B (ICMP fragmentation needed); a 4000-byte
#   UDP datagram to a closed port (fragments, then ICMP port unreachable); a connect to a closed port (RST);
#   TCP bulk transfers with SACK and window scaling under random loss (nftables numgen on B) and with a slow
#   reader (zero windows, window probes), with small MSS variants for small captures;
# captured at the same time on A's veth (Ethernet), on all of R's interfaces (`tcpdump -i any`: Linux cooked
# v2, the default, and a second capture as Linux cooked v1), and on B's veth with snap length 60 (cut frames). Then
# craft-decode-frames.py writes frames made with scapy (VLAN/QinQ, bad checksums and lengths, every TCP
# option, ICMP types, raw-IP link types).
#
# Usage (root): pcap-fixtures/scripts/make-decode-captures.sh OUT_DIR
# Creates namespaces margay-dc-a, margay-dc-r, margay-dc-b and always removes them; touches nothing else
# (no traffic leaves the namespaces). Needs iproute2, tcpdump, ethtool, nftables, iputils-ping, python3-scapy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: $0 OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
a=margay-dc-a r=margay-dc-r b=margay-dc-b
py=/usr/bin/python3
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$r" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT
cleanup
for tool in ip tcpdump ethtool nft ping; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
"$py" -c 'import scapy' 2>/dev/null || { echo "needs python3-scapy for $py" >&2; exit 2; }

for ns in "$a" "$r" "$b"; do
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$ns" link set lo up
done
ip link add a0 netns "$a" type veth peer name r0 netns "$r"
ip link add r1 netns "$r" type veth peer name b0 netns "$b"
ip -n "$a" link set a0 address 02:00:00:00:01:01
ip -n "$r" link set r0 address 02:00:00:00:01:fe
ip -n "$r" link set r1 address 02:00:00:00:02:fe
ip -n "$b" link set b0 address 02:00:00:00:02:01
ip -n "$r" link set r1 mtu 1000
ip -n "$b" link set b0 mtu 1000
ip -n "$a" addr add 10.78.1.1/24 dev a0
ip -n "$r" addr add 10.78.1.254/24 dev r0
ip -n "$r" addr add 10.78.2.254/24 dev r1
ip -n "$b" addr add 10.78.2.1/24 dev b0
for pair in "$a:a0" "$r:r0" "$r:r1" "$b:b0"; do
  ns="${pair%%:*}" dev="${pair##*:}"
  # Offloads off, so that captured checksums and segment sizes are what the wire carries (FIELD-NOTES).
  ip netns exec "$ns" ethtool -K "$dev" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
  ip -n "$ns" link set "$dev" up
done
ip -n "$a" route add default via 10.78.1.254
ip -n "$b" route add default via 10.78.2.254
ip netns exec "$r" sysctl -q -w net.ipv4.ip_forward=1
# ICMP errors without rate limiting, so that every expected error is in the capture.
for ns in "$r" "$b"; do ip netns exec "$ns" sysctl -q -w net.ipv4.icmp_ratelimit=0; done
# Random loss on B's input for the TCP transfers to ports 5001 and 5002 (SACK, retransmissions).
ip netns exec "$b" nft -f - <<'EOF'
table ip margay_loss {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 5001 numgen random mod 100 < 4 drop
    tcp dport 5002 numgen random mod 100 < 12 drop
  }
}
EOF

ip netns exec "$a" tcpdump -q -n -i a0 -s 0 -U --time-stamp-precision=nano -w "$out/linux-a-ether.pcap" 2>/dev/null &
pids+=($!)
# libpcap 1.10 gives "any" Linux cooked v2 by default; -y LINUX_SLL asks for v1.
ip netns exec "$r" tcpdump -q -n -i any -s 0 -U --time-stamp-precision=nano -w "$out/linux-r-any-sll2.pcap" 2>/dev/null &
pids+=($!)
ip netns exec "$r" tcpdump -q -n -i any -y LINUX_SLL -s 0 -U --time-stamp-precision=nano \
  -w "$out/linux-r-any-sll.pcap" 2>/dev/null &
pids+=($!)
ip netns exec "$b" tcpdump -q -n -i b0 -s 60 -U --time-stamp-precision=nano -w "$out/linux-b-snap60.pcap" 2>/dev/null &
pids+=($!)
sleep 1.5

peer() { local ns="$1"; shift; ip netns exec "$ns" "$py" "$here/decode-capture-peers.py" "$@"; }
pa() { ip netns exec "$a" "$@" >/dev/null 2>&1 || true; }

# ICMP echo: ARP on both links, then sizes around the 1500 MTU and beyond without DF (fragments at A,
# fragmented again at R for the 1000-byte link).
pa ping -c 2 -i 0.2 10.78.2.1
for size in 0 1 1472 1473 3000; do pa ping -c 1 -W 1 -M dont -s "$size" 10.78.2.1; done
# IP options: record route (R and B add their addresses), timestamps, timestamps with addresses.
pa ping -c 1 -W 1 -R 10.78.2.1
pa ping -c 1 -W 1 -T tsonly 10.78.2.1
pa ping -c 1 -W 1 -T tsandaddr 10.78.2.1
# TTL 1: R answers with ICMP time exceeded, quoting an ICMP echo and a UDP datagram.
pa ping -c 1 -W 1 -t 1 10.78.2.1
peer "$a" udp 10.78.2.1 33434 40 --ttl 1 || true
# DF and too big for the R-B link: R answers with ICMP fragmentation needed (next-hop MTU 1000).
pa ping -c 1 -W 1 -M do -s 1200 10.78.2.1
# A 4000-byte UDP datagram to a closed port: fragments, then B's port unreachable quoting the first one.
peer "$a" udp 10.78.2.1 9 4000 || true
# Connect to a closed port: RST,ACK.
peer "$a" connect-closed 10.78.2.1 1 || true
# TCP under loss: SACK blocks, retransmissions, window scaling on the SYNs.
peer "$b" sink 5001 & pids+=($!)
sleep 0.3
peer "$a" send 10.78.2.1 5001 120000 || true
# A small variant (MSS 200) with heavier loss, for a small shipped capture.
peer "$b" sink 5002 & pids+=($!)
sleep 0.3
peer "$a" send 10.78.2.1 5002 5000 --mss 200 || true
# A slow reader with a small buffer: zero windows, window probes, window updates.
peer "$b" sink 5003 --rcvbuf 2048 --delay 1.5 & pids+=($!)
sleep 0.3
peer "$a" send 10.78.2.1 5003 12000 --mss 300 || true
sleep 1
for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
sleep 0.5
wait 2>/dev/null || true
pids=()

"$py" "$here/craft-decode-frames.py" "$out"
chown "$(id -u):$(id -g)" "$out"/*.pcap*
for f in "$out"/*.pcap*; do echo "wrote $f ($(tcpdump -n -r "$f" 2>/dev/null | wc -l) packets)"; done
