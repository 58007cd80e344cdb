#!/bin/sh
# Turns a Raspberry Pi 4 or 5 running Raspberry Pi OS Lite (bookworm, arm64)
# into a kiosk: runtime packages, the unprivileged "kiosk" user, the program
# with its fonts and content pack, a commented site.ini, the systemd units
# (kiosk, backlight dimming), the printer udev rule, console and VT settings.
# Safe to run again (an update); --uninstall reverses it. See README.md.
#
# Usage: sudo board/install.sh [--from DIR] [--keep-ssh]
#        sudo board/install.sh --uninstall [--purge]
#        board/install.sh --root DIR [--from DIR] [--uninstall [--purge]]
#   --from DIR   what to install: a tree made by `cmake --install BUILD
#                --prefix DIR` (bin/kiosk, share/kiosk/...), or a CMake build
#                directory (cmake --install is run). Default: ./stage next to
#                board/ (the cross-build tarball), else build/release.
#   --root DIR   dry run into DIR: every file is written under DIR; no
#                packages, users, systemctl or udevadm (they are printed).
#   --keep-ssh   leave the SSH server as it is (default: disabled from the
#                next boot; README says how to reach the kiosk then).
#   --uninstall  remove what install put there; site.ini, board.conf,
#                kiosk.env, the data in /data/kiosk and the kiosk user stay.
#   --purge      with --uninstall: remove those too.
set -eu

board=$(cd "$(dirname "$0")" && pwd)
root=""
from=""
mode=install
purge=0
keep_ssh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?--root needs a directory}; shift ;;
    --from) from=${2:?--from needs a directory}; shift ;;
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --keep-ssh) keep_ssh=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  if [ "$root" = / ]; then
    root=""
  fi
fi
dry=0
[ -n "$root" ] && dry=1
if [ "$dry" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo), or use --root DIR for a dry run" >&2
  exit 1
fi

# Where things go on the board.
prefix=/opt/kiosk
etc=/etc/kiosk
data=/data/kiosk
clock=/data/clock
state=/var/lib/kiosk-install
units="kiosk.service kiosk-backlight.service kiosk-backlight.timer"
groups="video input render audio lp dialout"
# Kernel command line additions: no console blanking, no cursor, no logo,
# and no kernel messages on the kiosk's screen.
cmdline_add="consoleblank=0 vt.global_cursor_default=0 logo.nologo quiet loglevel=3"

say() { printf '%s\n' "install.sh: $*"; }

# run CMD...: runs a system command, or in a dry run prints it.
run() {
  if [ "$dry" = 1 ]; then
    say "dry run, not running: $*"
  else
    "$@"
  fi
}

# put SRC MODE DEST: installs a file we own (overwritten on every run).
put() {
  mkdir -p "$root$(dirname "$3")"
  install -m "$2" "$1" "$root$3"
}

# put_once SRC MODE DEST: installs a configuration file the site edits:
# written when missing, never overwritten.
put_once() {
  if [ -e "$root$3" ]; then
    say "kept $3 (already there)"
  else
    put "$@"
    say "wrote $3"
  fi
}

# write MODE DEST: a file we own, from stdin.
write() {
  mkdir -p "$root$(dirname "$2")"
  cat > "$root$2.tmp"
  chmod "$1" "$root$2.tmp"
  mv -f "$root$2.tmp" "$root$2"
}

cmdline_file() {
  for f in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    if [ -f "$root$f" ]; then
      echo "$f"
      return
    fi
  done
}

# Finds the tree to install; prints its directory (a staged prefix).
find_stage() {
  if [ -z "$from" ]; then
    for d in "$board/../stage" "$board/../build/release"; do
      if [ -e "$d/bin/kiosk" ] || [ -e "$d/cmake_install.cmake" ]; then
        from=$d
        break
      fi
    done
  fi
  if [ -z "$from" ]; then
    echo "install.sh: nothing to install: give --from DIR (a build" \
         "directory, or a tree from cmake --install)" >&2
    exit 1
  fi
  if [ -e "$from/cmake_install.cmake" ]; then
    tmp_stage=$(mktemp -d)
    cmake --install "$from" --prefix "$tmp_stage" >/dev/null
    from=$tmp_stage
  fi
  for need in bin/kiosk bin/ticket-print share/kiosk/fonts share/kiosk/pack; do
    if [ ! -e "$from/$need" ]; then
      echo "install.sh: $from/$need is missing (not a kiosk install tree)" >&2
      exit 1
    fi
  done
}

# ---------------------------------------------------------------- install

install_packages() {
  if [ "$dry" = 1 ]; then
    say "dry run, not installing packages: board/deps.sh runtime," \
        "fake-hwclock"
    return
  fi
  sh "$board/deps.sh" runtime
  if ! dpkg-query -W -f='${Status}' fake-hwclock 2>/dev/null |
       grep -q "ok installed"; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fake-hwclock
  fi
}

install_user() {
  mkdir -p "$root$state"
  if [ "$dry" = 1 ]; then
    say "dry run, not running: useradd --system --user-group" \
        "--home-dir $data --shell /usr/sbin/nologin kiosk;" \
        "usermod -a -G $groups kiosk"
    return
  fi
  if ! getent passwd kiosk >/dev/null; then
    useradd --system --user-group --home-dir "$data" --no-create-home \
      --shell /usr/sbin/nologin --comment "Counseling-point kiosk" kiosk
    : > "$root$state/user-created"
  fi
  for g in $groups; do
    if getent group "$g" >/dev/null; then
      usermod -a -G "$g" kiosk
    else
      say "group $g does not exist here; skipped"
    fi
  done
}

install_program() {
  # A fresh copy next to the old one, then swapped: files dropped by a new
  # version disappear, and a failed copy leaves the old program working.
  new="$root$prefix.new"
  rm -rf "$new"
  mkdir -p "$new/bin" "$new/share/kiosk" "$new/share/doc/kiosk"
  install -m 0755 "$from/bin/kiosk" "$new/bin/kiosk"
  # the printer test (a ticket with a QR and seam lines, or its status)
  install -m 0755 "$from/bin/ticket-print" "$new/bin/ticket-print"
  install -m 0755 "$board/kiosk-backlight" "$new/bin/kiosk-backlight"
  cp -R "$from/share/kiosk/fonts" "$from/share/kiosk/pack" "$new/share/kiosk/"
  install -m 0644 "$board/README.md" "$new/share/doc/kiosk/README.md"
  install -m 0644 "$board/site.ini" "$new/share/doc/kiosk/site.ini.example"
  find "$new" -type d -exec chmod 0755 {} +
  find "$new/share" -type f -exec chmod 0644 {} +
  rm -rf "$root$prefix.old"
  if [ -e "$root$prefix" ]; then
    mv "$root$prefix" "$root$prefix.old"
  fi
  mv "$new" "$root$prefix"
  rm -rf "$root$prefix.old"
  say "installed $prefix ($(du -sk "$root$prefix" | cut -f1) KB)"
}

install_config() {
  mkdir -p "$root$etc"
  chmod 0755 "$root$etc"
  put_once "$board/site.ini" 0640 "$etc/site.ini"
  put_once "$board/board.conf" 0644 "$etc/board.conf"
  put_once "$board/kiosk.env" 0644 "$etc/kiosk.env"
  # site.ini holds the one-time setup code: root writes, the kiosk reads.
  if [ "$dry" = 0 ]; then
    chown root:kiosk "$etc/site.ini"
    chmod 0640 "$etc/site.ini"
  fi
}

install_data() {
  mkdir -p "$root$data/packs" "$root$clock"
  chmod 0750 "$root$data"
  chmod 0755 "$root$clock"
  # The active content pack is a symbolic link that a pack update replaces
  # in one rename(); at first it points at the built-in pack.
  if [ ! -e "$root$data/pack" ] && [ ! -L "$root$data/pack" ]; then
    ln -s "$prefix/share/kiosk/pack" "$root$data/pack"
    say "content pack: $data/pack -> $prefix/share/kiosk/pack"
  fi
  if [ "$dry" = 0 ]; then
    chown -R kiosk:kiosk "$data"
  fi
  if [ "$dry" = 0 ] && ! mountpoint -q /data; then
    say "note: /data is not a separate partition; with the read-only" \
        "root switched on, data would be lost at reboot (README)"
  fi
}

install_units() {
  put "$board/kiosk.service" 0644 /etc/systemd/system/kiosk.service
  write 0644 /etc/systemd/system/kiosk-backlight.service <<'EOF'
# Sets the screen backlight for the opening hours in /etc/kiosk/board.conf.
# Installed by board/install.sh; run every minute by kiosk-backlight.timer.
[Unit]
Description=Kiosk screen brightness for the opening hours
Documentation=file:/opt/kiosk/share/doc/kiosk/README.md

[Service]
Type=oneshot
ExecStart=/opt/kiosk/bin/kiosk-backlight
# Only changes are logged (the script marks them as notices).
LogLevelMax=notice
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateNetwork=yes
NoNewPrivileges=yes
CapabilityBoundingSet=
EOF
  write 0644 /etc/systemd/system/kiosk-backlight.timer <<'EOF'
# Runs kiosk-backlight.service every minute and shortly after boot.
[Unit]
Description=Kiosk screen brightness for the opening hours (every minute)

[Timer]
OnBootSec=15s
OnCalendar=*-*-* *:*:00
AccuracySec=5s

[Install]
WantedBy=timers.target
EOF
  put "$board/70-kiosk-printer.rules" 0644 \
    /etc/udev/rules.d/70-kiosk-printer.rules
  # No login prompts on other consoles and none reserved: nothing to switch
  # to (SDL's KMS/DRM backend on bookworm cannot switch VTs anyway).
  write 0644 /etc/systemd/logind.conf.d/50-kiosk.conf <<'EOF'
# Installed by board/install.sh: no gettys on tty2-tty6, none reserved.
[Login]
NAutoVTs=0
ReserveVT=0
EOF
  # Magic SysRq works below the tty, even with the keyboard muted by SDL:
  # Alt+SysRq+B would reboot the kiosk from any USB keyboard.
  write 0644 /etc/sysctl.d/50-kiosk.conf <<'EOF'
# Installed by board/install.sh: no Magic SysRq key combinations.
kernel.sysrq = 0
EOF
  # Ctrl+Alt+Del must not reboot the kiosk: mask the target (a link to
  # /dev/null), unless the site masked it already.
  cad="$root/etc/systemd/system/ctrl-alt-del.target"
  if [ ! -e "$cad" ] && [ ! -L "$cad" ]; then
    ln -s /dev/null "$cad"
    : > "$root$state/ctrl-alt-del-masked"
  fi
  # fake-hwclock must find /data mounted when it loads the saved time.
  write 0644 /etc/systemd/system/fake-hwclock.service.d/50-kiosk.conf <<'EOF'
# Installed by board/install.sh: the saved clock lives on /data (writable
# even with the read-only root); wait for it to be mounted.
[Unit]
RequiresMountsFor=/data/clock
EOF
}

# The Pi has no battery-backed clock (the Pi 5's needs the optional
# battery). fake-hwclock saves the time hourly and at shutdown and restores
# it at boot, so the clock never starts before the last shutdown; with the
# read-only root its file must live on /data, or every boot starts at the
# time the image was made.
install_clock() {
  f="$root/etc/fake-hwclock.data"
  if [ -L "$f" ]; then
    return
  fi
  if [ -f "$f" ] && [ ! -e "$root$clock/fake-hwclock.data" ]; then
    cp -p "$f" "$root$clock/fake-hwclock.data"
  fi
  if [ -f "$f" ]; then
    mv "$f" "$root$state/fake-hwclock.data.orig"
  fi
  mkdir -p "$root/etc"
  ln -s "$clock/fake-hwclock.data" "$f"
  say "clock: /etc/fake-hwclock.data -> $clock/fake-hwclock.data"
}

# Edits the one-line kernel command line: adds what is missing, console on
# tty3 instead of tty1, and remembers exactly what it changed.
install_cmdline() {
  f=$(cmdline_file)
  if [ -z "$f" ]; then
    say "no /boot/firmware/cmdline.txt here: add by hand (README):" \
        "$cmdline_add, console=tty3 instead of console=tty1"
    return
  fi
  line=$(head -n 1 "$root$f")
  added=""
  for t in $cmdline_add; do
    case " $line " in
      *" $t "*) ;;
      *) line="$line $t"; added="$added $t" ;;
    esac
  done
  case " $line " in
    *" console=tty1 "*)
      line=$(printf ' %s \n' "$line" | sed 's/ console=tty1 / console=tty3 /')
      line=${line# }
      line=${line% }
      : > "$root$state/cmdline-console-moved" ;;
  esac
  if [ -n "$added" ]; then
    printf '%s\n' "$added" >> "$root$state/cmdline-added"
  fi
  printf '%s\n' "$line" > "$root$f.kiosk-tmp"
  mv -f "$root$f.kiosk-tmp" "$root$f"
  say "kernel command line ($f): ${added:- nothing new}"
}

# 1 if the unit file exists on the running system (always 1 in a dry run).
has_unit() {
  [ "$dry" = 1 ] || systemctl cat "$1" >/dev/null 2>&1
}

enable_units() {
  run systemctl daemon-reload
  run systemctl enable kiosk.service kiosk-backlight.timer
  # boot to the console, no autologin (B1); before the getty is disabled,
  # so that nothing enables it again afterwards
  if [ "$dry" = 0 ] && command -v raspi-config >/dev/null; then
    raspi-config nonint do_boot_behaviour B1
  fi
  # the kiosk replaces the login prompt on tty1
  if [ "$dry" = 0 ] && systemctl is-enabled --quiet getty@tty1.service; then
    : > "$root$state/getty-was-enabled"
  fi
  run systemctl disable getty@tty1.service
  run udevadm control --reload
  run udevadm trigger --subsystem-match=usbmisc
  run sysctl -p /etc/sysctl.d/50-kiosk.conf
  if [ "$keep_ssh" = 0 ] && has_unit ssh.service; then
    if [ "$dry" = 0 ] && systemctl is-enabled --quiet ssh.service; then
      : > "$root$state/ssh-was-enabled"
    fi
    run systemctl disable ssh.service
    say "SSH is off from the next boot (--keep-ssh leaves it on);" \
        "this session stays open"
  fi
}

do_install() {
  find_stage
  mkdir -p "$root$state"
  install_packages
  install_user
  install_program
  install_config
  install_data
  install_units
  install_clock
  install_cmdline
  enable_units
  if [ -n "${tmp_stage:-}" ]; then
    rm -rf "$tmp_stage"
  fi
  if [ "$dry" = 1 ]; then
    say "dry run done: files are under $root"
  else
    say "done. Edit $etc/site.ini, then reboot (or: systemctl start kiosk)"
  fi
}

# -------------------------------------------------------------- uninstall

do_uninstall() {
  # a half-installed system must still uninstall: failures here are noted
  if has_unit kiosk.service; then
    run systemctl disable --now kiosk.service kiosk-backlight.timer ||
      say "could not disable the kiosk units (continuing)"
  fi
  if [ -e "$root$state/getty-was-enabled" ]; then
    run systemctl enable getty@tty1.service || say "getty@tty1 not enabled"
  fi
  if [ -e "$root$state/ssh-was-enabled" ]; then
    run systemctl enable ssh.service || say "ssh not enabled"
  fi
  for u in $units; do
    rm -f "$root/etc/systemd/system/$u"
  done
  rm -f "$root/etc/udev/rules.d/70-kiosk-printer.rules" \
        "$root/etc/systemd/logind.conf.d/50-kiosk.conf" \
        "$root/etc/sysctl.d/50-kiosk.conf" \
        "$root/etc/systemd/system/fake-hwclock.service.d/50-kiosk.conf"
  rmdir "$root/etc/systemd/system/fake-hwclock.service.d" \
        "$root/etc/systemd/logind.conf.d" 2>/dev/null || true
  if [ -e "$root$state/ctrl-alt-del-masked" ]; then
    rm -f "$root/etc/systemd/system/ctrl-alt-del.target"
  fi
  # the clock file goes back to /etc, with the latest saved time
  f="$root/etc/fake-hwclock.data"
  if [ -L "$f" ]; then
    rm -f "$f"
    if [ -f "$root$clock/fake-hwclock.data" ]; then
      cp -p "$root$clock/fake-hwclock.data" "$f"
    elif [ -f "$root$state/fake-hwclock.data.orig" ]; then
      cp -p "$root$state/fake-hwclock.data.orig" "$f"
    fi
  fi
  # kernel command line: take out exactly what install added
  cf=$(cmdline_file)
  if [ -n "$cf" ]; then
    line=" $(head -n 1 "$root$cf") "
    if [ -f "$root$state/cmdline-added" ]; then
      added=$(cat "$root$state/cmdline-added")
      for t in $added; do
        line=$(printf '%s\n' "$line" | sed "s/ $t / /")
      done
    fi
    if [ -e "$root$state/cmdline-console-moved" ]; then
      line=$(printf '%s\n' "$line" | sed 's/ console=tty3 / console=tty1 /')
    fi
    line=${line# }
    line=${line% }
    printf '%s\n' "$line" > "$root$cf.kiosk-tmp"
    mv -f "$root$cf.kiosk-tmp" "$root$cf"
  fi
  rm -rf "$root$prefix" "$root$prefix.new" "$root$prefix.old"
  if [ "$purge" = 1 ]; then
    rm -rf "$root$etc" "$root$data" "$root$clock"
    rmdir "$root/data" 2>/dev/null || true
    if [ -e "$root$state/user-created" ]; then
      run userdel kiosk
    fi
    say "purged $etc, $data and $clock"
  else
    # a link into the program just removed would dangle
    if [ -L "$root$data/pack" ] &&
       [ "$(readlink "$root$data/pack")" = "$prefix/share/kiosk/pack" ]; then
      rm -f "$root$data/pack"
    fi
    say "kept $etc (site settings), $data (database) and the kiosk" \
        "user; --purge removes them"
  fi
  rm -rf "$root$state"
  run systemctl daemon-reload || true
  run udevadm control --reload || true
  run sysctl --system >/dev/null || true
  say "uninstalled"
}

if [ "$mode" = install ]; then
  do_install
else
  do_uninstall
fi
