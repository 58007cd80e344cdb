#!/bin/sh
# A network printer out of paper: it answers every DLE EOT status query
# with "paper end" (n=4: 0x72 = bits 5 and 6 set, the fixed bits 1 and 4).
set -eu
data=$1
python3 - "$data" >"$data/server.log" 2>&1 <<'PY' &
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
open(os.path.join(sys.argv[1], "server.port"), "w").write(str(s.getsockname()[1]))
s.settimeout(30)
try:
    c, _ = s.accept()
    c.settimeout(10)
    while True:
        b = c.recv(4096)
        if not b:
            break
        i = 0
        while True:
            i = b.find(b"\x10\x04", i)
            if i < 0 or i + 2 >= len(b):
                break
            n = b[i + 2]
            c.sendall(bytes([0x72 if n == 4 else 0x12]))
            i += 3
except Exception:
    pass
PY
echo $! >"$data/server.pid"
for _ in $(seq 300); do [ -s "$data/server.port" ] && break; sleep 0.1; done
cat "$data/server.port"
rm -f "$data/server.port"
