#!/usr/bin/env python3
"""Soak: a simulated day played through the real kiosk (headless driver).

Visits of four kinds, in a fixed pseudo-random order: a CRAFFT screening
(every 10th of them also books an any-time ticket, printed to a file
printer), reading an article, looking at services and leaving, and walking
away (idle wipe). Afterwards the database must pass PRAGMA integrity_check
and hold exactly the visits, screenings and tickets made; the printer file
must hold one ESC/POS job per ticket. Prints the figures.

Usage: soak.py KIOSK WORKDIR [VISITS] [SCREENINGS] [TICKETS]"""
import os, random, sqlite3, subprocess, sys, time

kiosk, work = sys.argv[1], sys.argv[2]
visits = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
screenings = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
tickets = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
assert tickets <= screenings <= visits

os.makedirs(work, exist_ok=True)
for f in os.listdir(work):
    os.remove(os.path.join(work, f))
site = os.path.join(work, "site.ini")
printer = os.path.join(work, "printer.bin")
open(site, "w").write(
    "[site]\nname = Soak\nsample = yes\n[printer]\n"
    "printer = file:%s\nwidth = 384\n[store]\nsetup_code = 20261124\n" % printer)

CRAFFT = ['tap-text "Self-check"', 'tap-text "For ages 12–21"',
          'tap-text "I understand, start"',
          'tap-text "0"', 'tap-text "Next"', 'tap-text "0"', 'tap-text "Next"',
          'tap-text "0"', 'tap-text "Next"', 'tap-text "No"', 'tap-text "Done"',
          'expect-screen result']
kinds = (["screen"] * screenings + ["read"] * ((visits - screenings) // 3) +
         ["services"] * ((visits - screenings) // 3))
kinds += ["walkaway"] * (visits - len(kinds))
rng = random.Random(20261124)
rng.shuffle(kinds)
lines, made_tickets, done_screenings = [], 0, 0
for k in kinds:
    lines += ['tap 50% 50%', 'tap-text "English"', 'expect-screen home']
    if k == "screen":
        lines += CRAFFT
        done_screenings += 1
        if made_tickets < tickets and done_screenings % (screenings // tickets) == 0:
            lines += ['tap-text "Book a visit"', 'tap-text "Any time"', 'tap-text "Confirm"',
                      'expect-screen ticket', 'wait-print 10',
                      # a file printer cannot confirm printing: "sent"
                      'expect-text "was sent to the printer"', 'tap-text "Done"']
            made_tickets += 1
        else:
            lines += ['tap-text "Leave and erase"']
    elif k == "read":
        lines += ['tap-text "Information"', 'tap-text "Understanding drugs"',
                  'tap-text "Leave and erase"']
    elif k == "services":
        lines += ['tap-text "Where to get help"', 'drag 50% 80% 50% 20%',
                  'tap-text "Leave and erase"']
    else:
        lines += ['advance 115']  # "Still there?" then the wipe
    lines += ['expect-screen attract', 'expect-visit none', 'advance 2']
script = os.path.join(work, "soak.script")
open(script, "w").write("\n".join(lines) + "\n")

t0 = time.time()
env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
r = subprocess.run([kiosk, "--headless", "--site", site, "--data-dir", work,
                    "--script", script], env=env, capture_output=True, text=True)
secs = time.time() - t0
if r.returncode != 0:
    sys.stderr.write(r.stderr[-2000:])
    sys.exit(1)

db = sqlite3.connect(os.path.join(work, "kiosk.db"))
check = db.execute("PRAGMA integrity_check").fetchone()[0]
# visits and screenings are counts (kinds 3/4 and 1 of the tally); no staff
# account exists here, so no screening is kept as a sealed record
n_visits = db.execute("select coalesce(sum(n), 0) from tally"
                      " where kind = 3").fetchone()[0]
n_open = n_visits - db.execute("select coalesce(sum(n), 0) from tally"
                               " where kind = 4").fetchone()[0]
n_screen = db.execute("select coalesce(sum(n), 0) from tally"
                      " where kind = 1").fetchone()[0]
n_sealed = db.execute("select count(*) from screenings").fetchone()[0]
n_tickets = db.execute("select count(*) from tickets").fetchone()[0]
db.close()
jobs = open(printer, "rb").read().count(b"\x1b\x40") if made_tickets else 0
size = sum(os.path.getsize(os.path.join(work, f)) for f in os.listdir(work)
           if f.startswith("kiosk.db"))
print("soak: %d visits, %d screenings, %d tickets (%d printed) in %.1f s; "
      "database %.1f MB; integrity %s" % (n_visits, n_screen, n_tickets, jobs,
                                          secs, size / 1e6, check))
ok = (check == "ok" and n_visits == visits and n_open == 0 and
      n_screen == screenings and n_sealed == 0 and n_tickets == made_tickets and
      jobs == made_tickets and made_tickets == tickets)
sys.exit(0 if ok else 1)
