#!/bin/sh
# board/install.sh in dry-run mode (--root DIR): installs into a temporary
# directory standing in for the SD card's root, then checks every file, its
# mode and key contents; runs again and requires an identical tree; checks
# that site edits survive and stale program files go; uninstalls and
# requires the starting tree back. Also: shellcheck on every script in
# board/ and tests/board/, and systemd-analyze verify on the units.
# Exit status 0 only if every check passed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
board=$repo/board
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
umask 022
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { # check DESCRIPTION COMMAND...
  d=$1
  shift
  if "$@"; then ok; else bad "$d"; fi
}

# A Raspberry Pi OS bookworm kernel command line as Imager writes it (the
# PARTUUID is made up) and a saved fake-hwclock time.
cmdline0="console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait"
cmdline1="console=serial0,115200 console=tty3 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait consoleblank=0 vt.global_cursor_default=0 logo.nologo quiet loglevel=3"
clock0="2026-11-20 08:15:00"

make_root() { # make_root DIR
  mkdir -p "$1/boot/firmware" "$1/etc"
  printf '%s\n' "$cmdline0" > "$1/boot/firmware/cmdline.txt"
  printf '%s\n' "$clock0" > "$1/etc/fake-hwclock.data"
}

# What `cmake --install` makes: the program, fonts and pack.
stage=$tmp/stage
mkdir -p "$stage/bin" "$stage/share/kiosk/fonts" "$stage/share/kiosk/pack/forms"
printf '#!/bin/sh\necho "kiosk test build"\n' > "$stage/bin/kiosk"
chmod 0755 "$stage/bin/kiosk"
printf '#!/bin/sh\necho "ticket-print test build"\n' > "$stage/bin/ticket-print"
chmod 0700 "$stage/bin/ticket-print" # install must fix modes
printf 'font bytes\n' > "$stage/share/kiosk/fonts/NotoSans-Regular.ttf"
printf 'code,name\nvi,Tiếng Việt\n' > "$stage/share/kiosk/pack/languages.csv"
printf 'type,name\n' > "$stage/share/kiosk/pack/forms/old.survey.csv"
chmod 0600 "$stage/share/kiosk/pack/languages.csv" # install must fix modes

# Every file of a tree with its type, mode, link target and content hash:
# two snapshots are equal only if the trees are.
snapshot() {
  (cd "$1" && find . -printf '%y %m %p %l\n' | sort -k3 |
    while read -r t m p l; do
      if [ "$t" = f ]; then
        echo "$t $m $p $(sha256sum < "$p" | cut -c1-16)"
      else
        echo "$t $m $p $l"
      fi
    done)
}

root=$tmp/root
make_root "$root"
before=$(snapshot "$root")

# ---------------------------------------------------------------- install
out=$(sh "$board/install.sh" --root "$root" --from "$stage" 2>&1)
check "install.sh --root exits 0: $out" [ $? -eq 0 ]
case "$out" in
  *"not running: useradd"*"not running: systemctl enable kiosk.service"*) ok ;;
  *) bad "dry run must print the useradd and systemctl it skips: $out" ;;
esac

# path type mode: f = file, d = directory, l = link (mode not checked)
while read -r path type mode; do
  p=$root$path
  case "$type" in
    f) check "$path is a file" [ -f "$p" ] && [ ! -L "$p" ] ;;
    d) check "$path is a directory" [ -d "$p" ] ;;
    l) check "$path is a link" [ -L "$p" ] ;;
  esac
  if [ "$type" != l ] && [ -e "$p" ]; then
    check "$path mode $(stat -c %a "$p"), expected $mode" \
      [ "$(stat -c %a "$p")" = "$mode" ]
  fi
done <<'EOF_FILES'
/opt/kiosk/bin/kiosk f 755
/opt/kiosk/bin/kiosk-backlight f 755
/opt/kiosk/bin/ticket-print f 755
/opt/kiosk/share/kiosk/fonts/NotoSans-Regular.ttf f 644
/opt/kiosk/share/kiosk/pack/languages.csv f 644
/opt/kiosk/share/kiosk/pack/forms/old.survey.csv f 644
/opt/kiosk/share/kiosk/pack/forms d 755
/opt/kiosk/share/doc/kiosk/README.md f 644
/opt/kiosk/share/doc/kiosk/site.ini.example f 644
/etc/kiosk d 755
/etc/kiosk/site.ini f 640
/etc/kiosk/board.conf f 644
/etc/kiosk/kiosk.env f 644
/etc/systemd/system/kiosk.service f 644
/etc/systemd/system/kiosk-backlight.service f 644
/etc/systemd/system/kiosk-backlight.timer f 644
/etc/systemd/system/fake-hwclock.service.d/50-kiosk.conf f 644
/etc/systemd/logind.conf.d/50-kiosk.conf f 644
/etc/sysctl.d/50-kiosk.conf f 644
/etc/udev/rules.d/70-kiosk-printer.rules f 644
/etc/systemd/system/ctrl-alt-del.target l -
/etc/fake-hwclock.data l -
/data/kiosk d 750
/data/kiosk/packs d 755
/data/kiosk/pack l -
/data/clock d 755
/data/clock/fake-hwclock.data f 644
EOF_FILES

# contents: installed copies equal their sources
for pair in "bin/kiosk:$stage/bin/kiosk" \
            "bin/kiosk-backlight:$board/kiosk-backlight" \
            "share/kiosk/pack/languages.csv:$stage/share/kiosk/pack/languages.csv" \
            "share/doc/kiosk/README.md:$board/README.md"; do
  check "/opt/kiosk/${pair%%:*} equals ${pair#*:}" \
    cmp -s "$root/opt/kiosk/${pair%%:*}" "${pair#*:}"
done
for pair in "etc/kiosk/site.ini:site.ini" "etc/kiosk/board.conf:board.conf" \
            "etc/kiosk/kiosk.env:kiosk.env" \
            "etc/systemd/system/kiosk.service:kiosk.service" \
            "etc/udev/rules.d/70-kiosk-printer.rules:70-kiosk-printer.rules"; do
  check "/${pair%%:*} equals board/${pair#*:}" \
    cmp -s "$root/${pair%%:*}" "$board/${pair#*:}"
done

# has FILE LINE: FILE holds LINE as a whole line
has() {
  if grep -qxF -- "$2" "$1"; then ok; else bad "${1#"$root"} lacks: $2"; fi
}
u=$root/etc/systemd/system/kiosk.service
has "$u" "Type=notify"
has "$u" "NotifyAccess=main"
has "$u" "WatchdogSec=30s"
has "$u" "Restart=always"
has "$u" "User=kiosk"
has "$u" "Conflicts=getty@tty1.service"
has "$u" "Environment=SDL_VIDEODRIVER=kmsdrm"
has "$u" "EnvironmentFile=-/etc/kiosk/kiosk.env"
has "$u" "TTYPath=/dev/tty1"
has "$u" "StandardInput=tty"
has "$u" "ReadWritePaths=/data/kiosk"
has "$u" "WantedBy=multi-user.target"
has "$u" "ExecReload=/bin/kill -HUP \$MAINPID"
has "$u" "ExecStart=/opt/kiosk/bin/kiosk --fullscreen --site /etc/kiosk/site.ini --data-dir /data/kiosk --pack /data/kiosk/pack"
# options that would cut the kiosk off from /dev/dri and /dev/input
for opt in PrivateDevices DevicePolicy DeviceAllow ProtectClock; do
  if grep -q "^$opt=" "$u"; then
    bad "kiosk.service sets $opt= (restricts device access)"
  else
    ok
  fi
done
b=$root/etc/systemd/system/kiosk-backlight
has "$b.service" "ExecStart=/opt/kiosk/bin/kiosk-backlight"
has "$b.service" "Type=oneshot"
has "$b.timer" "OnCalendar=*-*-* *:*:00"
has "$b.timer" "WantedBy=timers.target"
has "$root/etc/systemd/logind.conf.d/50-kiosk.conf" "NAutoVTs=0"
has "$root/etc/systemd/logind.conf.d/50-kiosk.conf" "ReserveVT=0"
has "$root/etc/sysctl.d/50-kiosk.conf" "kernel.sysrq = 0"
has "$root/etc/systemd/system/fake-hwclock.service.d/50-kiosk.conf" \
    "RequiresMountsFor=/data/clock"
r=$root/etc/udev/rules.d/70-kiosk-printer.rules
check "udev rule gives USB printers to lp with a stable name" \
  grep -q '^SUBSYSTEM=="usbmisc", KERNEL=="lp\[0-9\]\*", GROUP="lp", MODE="0660", SYMLINK+="kiosk-printer"$' "$r"
check "ctrl-alt-del.target masked" \
  [ "$(readlink "$root/etc/systemd/system/ctrl-alt-del.target")" = /dev/null ]
check "content pack link" \
  [ "$(readlink "$root/data/kiosk/pack")" = /opt/kiosk/share/kiosk/pack ]
check "clock file moved to /data" \
  [ "$(readlink "$root/etc/fake-hwclock.data")" = /data/clock/fake-hwclock.data ]
check "saved clock kept" \
  [ "$(cat "$root/data/clock/fake-hwclock.data")" = "$clock0" ]
got=$(cat "$root/boot/firmware/cmdline.txt")
check "cmdline.txt is \"$got\"" [ "$got" = "$cmdline1" ]
check "cmdline.txt stays one line" \
  [ "$(wc -l < "$root/boot/firmware/cmdline.txt")" -eq 1 ]
left=$(find "$root" -name '*.new' -o -name '*.old' -o -name '*.tmp' \
       -o -name '*.kiosk-tmp')
check "no temporary files left: $left" [ -z "$left" ]

# ------------------------------------------------------------- idempotent
first=$(snapshot "$root")
sh "$board/install.sh" --root "$root" --from "$stage" >/dev/null 2>&1
check "second install exits 0" [ $? -eq 0 ]
second=$(snapshot "$root")
if [ "$first" = "$second" ]; then
  ok
else
  bad "second install changed the tree:"
  printf '%s\n' "$first" > "$tmp/first"
  printf '%s\n' "$second" > "$tmp/second"
  diff "$tmp/first" "$tmp/second" >&2
fi

# an update keeps the site's settings and drops files the new build lacks
printf 'name = Điểm thử\n' >> "$root/etc/kiosk/site.ini"
printf 'OPEN_HOURS=08:00-16:00\n' >> "$root/etc/kiosk/board.conf"
rm "$stage/share/kiosk/pack/forms/old.survey.csv"
printf 'new\n' > "$stage/share/kiosk/pack/forms/new.survey.csv"
sh "$board/install.sh" --root "$root" --from "$stage" >/dev/null 2>&1
check "update exits 0" [ $? -eq 0 ]
check "site.ini edit kept" grep -qxF "name = Điểm thử" "$root/etc/kiosk/site.ini"
check "board.conf edit kept" grep -qxF "OPEN_HOURS=08:00-16:00" "$root/etc/kiosk/board.conf"
check "stale pack file removed" \
  [ ! -e "$root/opt/kiosk/share/kiosk/pack/forms/old.survey.csv" ]
check "new pack file installed" \
  [ -f "$root/opt/kiosk/share/kiosk/pack/forms/new.survey.csv" ]

# ----------------------------------------------------- systemd-analyze
# verify needs the ExecStart binaries to exist; outside a booted system it
# cannot use --root (it wants the whole unit tree there), so the units are
# copied with their /opt/kiosk paths pointed into the test root. It reports
# bad values as warnings and still exits 0: any output is a failure.
if command -v systemd-analyze >/dev/null; then
  v=$tmp/verify
  mkdir -p "$v"
  for f in kiosk.service kiosk-backlight.service kiosk-backlight.timer; do
    sed "s|/opt/kiosk/bin/|$root/opt/kiosk/bin/|" \
      "$root/etc/systemd/system/$f" > "$v/$f"
  done
  vout=$(cd "$v" && systemd-analyze verify kiosk.service \
         kiosk-backlight.service kiosk-backlight.timer 2>&1)
  check "systemd-analyze verify exits 0" [ $? -eq 0 ]
  check "systemd-analyze verify is silent: $vout" [ -z "$vout" ]
  # the check can fail: a misspelt key and a bad value are reported
  sed 's/^WatchdogSec=30s/WatchdogSec=thirty/; s/^ProtectHome=/ProtectHom=/' \
    "$v/kiosk.service" > "$v/broken.service"
  vout=$(cd "$v" && systemd-analyze verify broken.service 2>&1)
  case "$vout" in
    *WatchdogSec*thirty*|*thirty*) ok ;;
    *) bad "verify did not report a bad WatchdogSec: $vout" ;;
  esac
  case "$vout" in
    *ProtectHom*) ok ;;
    *) bad "verify did not report an unknown key: $vout" ;;
  esac
else
  bad "systemd-analyze not found (board/deps.sh test installs systemd)"
fi

# -------------------------------------------------------------- shellcheck
if command -v shellcheck >/dev/null; then
  for s in "$board"/*.sh "$board/kiosk-backlight" "$here"/*.sh; do
    sc=$(shellcheck -s sh "$s" 2>&1)
    check "shellcheck ${s#"$repo"/}: $sc" [ -z "$sc" ]
  done
else
  bad "shellcheck not found (board/deps.sh test installs it)"
fi

# -------------------------------------------------------------- uninstall
sh "$board/install.sh" --root "$root" --uninstall >/dev/null 2>&1
check "uninstall exits 0" [ $? -eq 0 ]
for gone in /opt/kiosk /etc/systemd/system/kiosk.service \
            /etc/systemd/system/kiosk-backlight.service \
            /etc/systemd/system/kiosk-backlight.timer \
            /etc/systemd/system/fake-hwclock.service.d \
            /etc/systemd/system/ctrl-alt-del.target \
            /etc/systemd/logind.conf.d /etc/sysctl.d/50-kiosk.conf \
            /etc/udev/rules.d/70-kiosk-printer.rules \
            /var/lib/kiosk-install /data/kiosk/pack; do
  if [ -e "$root$gone" ] || [ -L "$root$gone" ]; then
    bad "uninstall left $gone"
  else
    ok
  fi
done
check "site.ini kept without --purge" grep -qxF "name = Điểm thử" "$root/etc/kiosk/site.ini"
check "data directory kept without --purge" [ -d "$root/data/kiosk" ]
got=$(cat "$root/boot/firmware/cmdline.txt")
check "cmdline.txt restored: \"$got\"" [ "$got" = "$cmdline0" ]
check "clock file back in /etc as a file" \
  [ -f "$root/etc/fake-hwclock.data" ] && [ ! -L "$root/etc/fake-hwclock.data" ]
check "clock file holds the last saved time" \
  [ "$(cat "$root/etc/fake-hwclock.data")" = "$clock0" ]

# install, purge: exactly the starting tree again
sh "$board/install.sh" --root "$root" --from "$stage" >/dev/null 2>&1
sh "$board/install.sh" --root "$root" --uninstall --purge >/dev/null 2>&1
check "purge exits 0" [ $? -eq 0 ]
# (directories such as /etc/systemd/system exist on any real system; the
# comparison is of files and links)
after=$(snapshot "$root" | grep -v '^d ')
before_f=$(printf '%s\n' "$before" | grep -v '^d ')
if [ "$after" = "$before_f" ]; then
  ok
else
  bad "install + uninstall --purge did not give the starting files back:"
  printf '%s\n' "$before_f" > "$tmp/before"
  printf '%s\n' "$after" > "$tmp/after"
  diff "$tmp/before" "$tmp/after" >&2
fi
for gone in /data /etc/kiosk /opt/kiosk; do
  check "purge removed $gone" [ ! -e "$root$gone" ]
done

# what the site had before is the site's: a Ctrl+Alt+Del mask made by the
# admin and an existing console=tty3 survive install + uninstall
root2=$tmp/root2
make_root "$root2"
mkdir -p "$root2/etc/systemd/system"
ln -s /dev/null "$root2/etc/systemd/system/ctrl-alt-del.target"
printf 'console=tty3 quiet root=/dev/mmcblk0p2 rootwait\n' \
  > "$root2/boot/firmware/cmdline.txt"
sh "$board/install.sh" --root "$root2" --from "$stage" >/dev/null 2>&1
got=$(cat "$root2/boot/firmware/cmdline.txt")
check "existing tokens not repeated: \"$got\"" \
  [ "$got" = "console=tty3 quiet root=/dev/mmcblk0p2 rootwait consoleblank=0 vt.global_cursor_default=0 logo.nologo loglevel=3" ]
sh "$board/install.sh" --root "$root2" --uninstall >/dev/null 2>&1
got=$(cat "$root2/boot/firmware/cmdline.txt")
check "uninstall removes only what install added: \"$got\"" \
  [ "$got" = "console=tty3 quiet root=/dev/mmcblk0p2 rootwait" ]
check "admin's ctrl-alt-del mask kept" \
  [ -L "$root2/etc/systemd/system/ctrl-alt-del.target" ]

# refusals
sh "$board/install.sh" --root "$tmp/root3" --from "$tmp/nowhere" >/dev/null 2>&1
check "a missing --from tree is an error" [ $? -ne 0 ]
check "nothing installed from a missing tree" [ ! -e "$tmp/root3/opt/kiosk" ]
sh "$board/install.sh" --bogus >/dev/null 2>&1
check "an unknown option is a usage error (2)" [ $? -eq 2 ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
