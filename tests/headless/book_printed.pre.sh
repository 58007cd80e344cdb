#!/bin/sh
# A network printer that answers like an Epson: DLE EOT at once (all fine),
# GS r 1 when its turn comes, after everything before it (here: at once,
# as the bytes are read). It reads commands as a printer does, so a GS r
# inside image data is image data. Everything it got goes to
# $1/printer.bin for the .check.sh.
set -eu
data=$1
python3 - "$data" >"$data/server.log" 2>&1 <<'PY' &
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
open(os.path.join(sys.argv[1], "server.port"), "w").write(str(s.getsockname()[1]))
out = open(os.path.join(sys.argv[1], "printer.bin"), "wb")
s.settimeout(60)
c, _ = s.accept()
c.settimeout(30)
cmd = b""      # command in progress
data_left = 0  # GS v 0 image bytes still to come
def need(cmd):
    if len(cmd) < 2:
        return 2
    if cmd[0] == 0x1B:
        return 3 if cmd[1] in (0x64, 0x4A) else 2
    if cmd[0] == 0x10:
        return 3
    if cmd[1] == 0x76:
        return 3 if len(cmd) >= 3 and cmd[2] != 0x30 else 8
    if cmd[1] == 0x56:
        return 4 if len(cmd) >= 3 and cmd[2] in (65, 66) else 3
    return 3 if cmd[1] in (0x72, 0x61) else 2
while True:
    b = c.recv(65536)
    if not b:
        break
    out.write(b)
    out.flush()
    for x in b:
        if data_left:
            data_left -= 1
            continue
        if not cmd:
            if x in (0x1B, 0x1D, 0x10):
                cmd = bytes([x])
            continue
        cmd += bytes([x])
        if len(cmd) < need(cmd):
            continue
        if cmd[0] == 0x10 and cmd[1] == 0x04:
            c.sendall(b"\x12")           # DLE EOT n: all fine
        elif cmd[0] == 0x1D and cmd[1] == 0x72:
            c.sendall(b"\x00")           # GS r 1: paper present
        elif cmd[0] == 0x1D and cmd[1] == 0x76:
            data_left = (cmd[4] | cmd[5] << 8) * (cmd[6] | cmd[7] << 8)
        cmd = b""
PY
echo $! >"$data/server.pid"
for _ in $(seq 300); do [ -s "$data/server.port" ] && break; sleep 0.1; done
cat "$data/server.port"
rm -f "$data/server.port"
