#!/bin/sh
# A "printer" on loopback that accepts the connection and never reads, with
# a tiny receive window, so a ticket cannot fit in the socket buffers.
# Prints the port; its pid goes to $1/server.pid.
set -eu
data=$1
python3 - "$data" >"$data/server.log" 2>&1 <<'PY' &
import os, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.bind(("127.0.0.1", 0))
s.listen(1)
open(os.path.join(sys.argv[1], "server.port"), "w").write(str(s.getsockname()[1]))
conns = []
deadline = time.time() + 60
s.settimeout(1)
while time.time() < deadline:
    try:
        c, _ = s.accept()
        conns.append(c)   # hold it open, never read
    except socket.timeout:
        pass
PY
echo $! >"$data/server.pid"
for _ in $(seq 300); do
  [ -s "$data/server.port" ] && break
  sleep 0.1
done
cat "$data/server.port"
rm -f "$data/server.port"
