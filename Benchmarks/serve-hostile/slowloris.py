# 600 connections from one address that send a request head a byte every few seconds and never
# finish it; meanwhile a normal client asks every second and its statuses are counted.
import socket, sys, time, threading, collections
port = int(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 60
source = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.2"
head = b"GET /all.ics HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\nX-A: " + b"a" * 1000
socks = []
for i in range(n):
    s = socket.socket(); s.bind((source, 0))
    try:
        s.connect(("127.0.0.1", port)); s.setblocking(False); socks.append([s, 0, True])
    except OSError as e:
        print("connect failed", e); break
closed_at = {}
start = time.time()
def drip():
    while time.time() - start < duration:
        for entry in socks:
            s, pos, alive = entry
            if not alive: continue
            try:
                s.send(head[pos:pos+1]); entry[1] = pos + 1
                if s.recv(4096) == b"":
                    entry[2] = False; closed_at[id(s)] = time.time() - start
            except BlockingIOError:
                pass
            except OSError:
                entry[2] = False; closed_at[id(s)] = time.time() - start
        time.sleep(2)
t = threading.Thread(target=drip); t.start()
counts = collections.Counter(); first_ok = None
while time.time() - start < duration:
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=5)
        c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = c.recv(100).split(b" ")[1].decode() if True else ""
        c.close()
    except Exception as e:
        reply = type(e).__name__
    counts[reply] += 1
    if reply == "200" and first_ok is None: first_ok = time.time() - start
    time.sleep(1)
t.join()
alive = sum(1 for e in socks if e[2])
print(f"normal client over {duration:.0f} s: {dict(counts)}; first 200 after {first_ok if first_ok is None else round(first_ok,1)} s")
print(f"slow connections: {len(socks)} opened, {alive} still open at the end, {len(closed_at)} closed by the server" +
      (f" (first at {min(closed_at.values()):.1f} s, last at {max(closed_at.values()):.1f} s)" if closed_at else ""))
