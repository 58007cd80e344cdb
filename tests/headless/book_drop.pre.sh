#!/bin/sh
# A network printer that takes a few kilobytes, then is unplugged: the
# connection is closed in the middle of the ticket.
set -eu
data=$1
python3 - "$data" >"$data/server.log" 2>&1 <<'PY' &
import os, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.bind(("127.0.0.1", 0))
s.listen(1)
open(os.path.join(sys.argv[1], "server.port"), "w").write(str(s.getsockname()[1]))
s.settimeout(30)
try:
    c, _ = s.accept()
    got = 0
    while got < 4096:
        b = c.recv(1024)
        if not b:
            break
        got += len(b)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    c.close()   # reset: the printer is gone mid-job
    time.sleep(20)
except socket.timeout:
    pass
PY
echo $! >"$data/server.pid"
for _ in $(seq 300); do [ -s "$data/server.port" ] && break; sleep 0.1; done
cat "$data/server.port"
rm -f "$data/server.port"
