#!/usr/bin/python3
"""Traffic generators for make-decode-captures.sh: small, deterministic-in-shape Linux socket programs.

Each subcommand runs inside a network namespace (the shell script wraps it in `ip netns exec`) and ends by
itself within a few seconds. Only the standard library is used.

  sink PORT [--rcvbuf N] [--delay S] [--count N]
      TCP server: accepts connections, sleeps S seconds before reading (a slow reader makes Linux
      advertise a zero window), then reads everything and closes.
  send HOST PORT BYTES [--mss N] [--wscale-off]
      TCP client: connects (optionally with TCP_MAXSEG N), writes BYTES bytes, closes.
  udp HOST PORT BYTES [--ttl N] [--df]
      one UDP datagram of BYTES bytes (large ones fragment; --df sets IP_PMTUDISC_DO instead).
  connect-closed HOST PORT
      TCP connect to a port nobody listens on: the SYN is answered with RST,ACK.
"""
import argparse
import socket
import time

IP_MTU_DISCOVER = 10
IP_PMTUDISC_DO = 2
IP_PMTUDISC_DONT = 0


def sink(args):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.rcvbuf:
        # Set before listen() so the accepted socket inherits it and the window scale is chosen from it.
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, args.rcvbuf)
    server.bind(("0.0.0.0", args.port))
    server.listen(4)
    server.settimeout(20)
    for _ in range(args.count):
        conn, _ = server.accept()
        time.sleep(args.delay)
        conn.settimeout(10)
        while True:
            data = conn.recv(65536)
            if not data:
                break
        conn.close()
    server.close()


def send(args):
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if args.mss:
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, args.mss)
    if args.sndbuf:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, args.sndbuf)
    client.settimeout(30)
    client.connect((args.host, args.port))
    payload = bytes((i * 7) & 0xFF for i in range(args.bytes))
    client.sendall(payload)
    client.shutdown(socket.SHUT_WR)
    while client.recv(4096):
        pass
    client.close()


def udp(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if args.ttl:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, args.ttl)
    sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if args.df else IP_PMTUDISC_DONT)
    try:
        sock.sendto(bytes(range(256)) * (args.bytes // 256) + bytes(args.bytes % 256), (args.host, args.port))
    except OSError as e:  # EMSGSIZE once the kernel has learnt a smaller path MTU
        print("udp send:", e)
    time.sleep(0.3)
    sock.close()


def connect_closed(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(3)
    try:
        sock.connect((args.host, args.port))
    except OSError as e:
        print("connect refused as expected:", e)
    sock.close()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sink")
    p.add_argument("port", type=int)
    p.add_argument("--rcvbuf", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--count", type=int, default=1)
    p.set_defaults(run=sink)
    p = sub.add_parser("send")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("bytes", type=int)
    p.add_argument("--mss", type=int, default=0)
    p.add_argument("--sndbuf", type=int, default=0)
    p.set_defaults(run=send)
    p = sub.add_parser("udp")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("bytes", type=int)
    p.add_argument("--ttl", type=int, default=0)
    p.add_argument("--df", action="store_true")
    p.set_defaults(run=udp)
    p = sub.add_parser("connect-closed")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.set_defaults(run=connect_closed)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
