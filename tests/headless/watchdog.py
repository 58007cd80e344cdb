#!/usr/bin/env python3
"""The real kiosk speaks systemd's notify protocol: READY=1 after its first
frame, WATCHDOG=1 at half of WATCHDOG_USEC from its main loop, STOPPING=1
when told to stop. Usage: watchdog.py KIOSK"""
import os, socket, subprocess, sys, tempfile, time

kiosk = sys.argv[1]
d = tempfile.mkdtemp()
path = os.path.join(d, "notify")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(0.2)
env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000",
           SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
p = subprocess.Popen([kiosk, "--data-dir", d], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
msgs = []
# start-up may be slow on a loaded machine: the pings are counted over the
# three seconds after READY=1, not from the launch
deadline = time.time() + 60
while time.time() < deadline and "READY=1" not in msgs:
    try:
        msgs.append(s.recv(100).decode())
    except socket.timeout:
        pass
end = time.time() + 3
while time.time() < end:
    try:
        msgs.append(s.recv(100).decode())
    except socket.timeout:
        pass
p.terminate()
rc = p.wait(10)
s.settimeout(1)
try:
    while True:
        msgs.append(s.recv(100).decode())
except socket.timeout:
    pass
pings = msgs.count("WATCHDOG=1")
print("first:", msgs[:1], "pings in 3 s:", pings, "last:", msgs[-1:], "rc:", rc)
ok = (msgs[:1] == ["READY=1"] and 4 <= pings <= 8 and
      msgs[-1:] == ["STOPPING=1"] and rc == 0)
sys.exit(0 if ok else 1)
