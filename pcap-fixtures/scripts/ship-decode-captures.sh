#!/usr/bin/env bash
# Turns the output of make-decode-captures.sh into small project captures for the decode tests: selects a few
# KiB of each interesting capture, rewrites it as pcapng (nanosecond timestamps), and records beside it what the
# real tools print for it:
#   NAME.tcpdump-n-e-tttt.txt   TZ=GMT0 tcpdump -n -e -tttt -r NAME.pcapng
#   NAME.tshark-fields.tsv      tshark with the outside corpus's columns and preferences (raw sequence numbers,
#                               IP/TCP/UDP checksum checking on)
# The crafted capture leaves out the frames whose protocols margay decode does not print (GRE, IGMP, SCTP,
# IPv6, LLDP, STP, the loopback protocol, MPTCP, GRE quoted in ICMP) and the few where it still differs from
# tshark (RARP/InARP operations, a cut ARP, a SACK-permitted option of bad length, a UDP length below 8, TCP
# quoted whole in ICMP errors). Linux cooked v2 captures are not shipped: tcpdump prints the reading host's
# interface names for them.
#
# Usage: pcap-fixtures/scripts/ship-decode-captures.sh CAPTURE_DIR
# Needs tcpdump, tshark and editcap (Debian: tcpdump tshark wireshark-common).
set -euo pipefail
in="${1:?usage: $0 CAPTURE_DIR (from make-decode-captures.sh)}"
res="$(cd "$(dirname "$0")/../src/main/resources/org/margay/pcap/captures" && pwd)"
fields="frame.number frame.time_epoch frame.len frame.cap_len frame.protocols eth.src eth.dst eth.type vlan.id
arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 ip.version ip.hdr_len ip.dsfield
ip.len ip.id ip.flags ip.frag_offset ip.ttl ip.proto ip.checksum ip.checksum.status ip.src ip.dst
ip.reassembled_in icmp.type icmp.code icmp.checksum icmp.checksum.status icmp.ident icmp.seq udp.srcport
udp.dstport udp.length udp.checksum udp.checksum.status tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.hdr_len
tcp.flags tcp.window_size_value tcp.window_size_scalefactor tcp.checksum tcp.checksum.status tcp.urgent_pointer
tcp.options.mss_val tcp.options.wscale.shift tcp.options.sack_perm tcp.options.sack_le tcp.options.sack_re
tcp.options.timestamp.tsval tcp.options.timestamp.tsecr tcp.len _ws.expert.message _ws.col.Info"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ship() { # NAME SOURCE.pcap FILTER SNAPLEN [FRAMES_TO_KEEP...]  (snap length 0: keep whole frames)
  local name="$1" src="$2" filter="$3" snap="$4"; shift 4
  tcpdump -r "$src" -w "$tmp/$name.pcap" "$filter" 2>/dev/null
  local cut=()
  [ "$snap" -gt 0 ] && cut=(-s "$snap")
  if [ $# -gt 0 ]; then
    editcap -F pcapng "${cut[@]}" -r "$tmp/$name.pcap" "$res/$name.pcapng" "$@"
  else
    editcap -F pcapng "${cut[@]}" "$tmp/$name.pcap" "$res/$name.pcapng"
  fi
  TZ=GMT0 tcpdump -n -e -tttt -r "$res/$name.pcapng" > "$res/$name.tcpdump-n-e-tttt.txt" 2>/dev/null
  local args=()
  for f in $fields; do args+=(-e "$f"); done
  tshark -r "$res/$name.pcapng" -o tcp.relative_sequence_numbers:FALSE -o ip.check_checksum:TRUE \
    -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -T fields -E header=y -E separator=/t "${args[@]}" \
    > "$res/$name.tshark-fields.tsv" 2>/dev/null
  echo "$name: $(wc -l < "$res/$name.tcpdump-n-e-tttt.txt") packets, $(stat -c %s "$res/$name.pcapng") bytes"
}

# Snap lengths keep the headers (and the captures small); tcpdump and tshark then show the cut frames as such.
ship decode-tcp-sack-loss "$in/linux-a-ether.pcap" "tcp port 5002" 128
ship decode-tcp-zero-window "$in/linux-a-ether.pcap" "tcp port 5003" 128
ship decode-icmp-router-sll "$in/linux-r-any-sll.pcap" "not tcp" 128
ship decode-snap60 "$in/linux-b-snap60.pcap" "not tcp port 5001 and not tcp port 5003" 0
ship decode-crafted "$in/crafted-ether.pcap" "" 0 1-5 7-8 11-13 15-51 55-69 71-76 78-101 103-120 122 125-128 130-141 144
ship decode-crafted-cut "$in/crafted-cut.pcap" "" 0
ship decode-raw-ip "$in/crafted-ipv4-228.pcap" "" 0 1-5 7-8
