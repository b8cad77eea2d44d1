#!/usr/bin/python3
"""A TCP echo for the fault soak: one connection at a time on PORT, every byte sent back.

A thread receives and another sends, through a queue, so the echo never stops reading because it is blocked
writing (socat's PIPE echo does: a full pipe blocks its only thread, and the soak stalls with the kernel's receive
queue full). Prints LISTENING once it accepts connections.

    echo_server.py PORT
"""
import queue
import socket
import sys
import threading


def serve(conn):
    pending = queue.Queue(maxsize=256)

    def sender():
        while True:
            data = pending.get()
            if data is None:
                break
            conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=sender, daemon=True)
    t.start()
    while True:
        data = conn.recv(1 << 16)
        if not data:
            break
        pending.put(data)
    pending.put(None)
    t.join()
    conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", int(sys.argv[1])))
    server.listen(4)
    print("LISTENING", flush=True)
    while True:
        conn, _ = server.accept()
        serve(conn)


if __name__ == "__main__":
    main()
