#!/bin/sh
# board/kiosk-backlight against a fake /sys/class/backlight with two panels
# (max_brightness 255 and 31): for each configuration and time of day, the
# brightness files must hold the expected values afterwards. The expected
# values are worked out by hand: round(max * percent / 100), at least 1
# when the percentage is not 0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bl=$here/../../board/kiosk-backlight
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-backlight-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

sys=$tmp/sys
reset_sysfs() {
  rm -rf "$sys"
  mkdir -p "$sys/10-0045" "$sys/rpi_backlight" "$sys/notabacklight"
  echo 255 > "$sys/10-0045/max_brightness"
  echo 255 > "$sys/10-0045/brightness"
  echo 31 > "$sys/rpi_backlight/max_brightness"
  echo 31 > "$sys/rpi_backlight/brightness"
}

# case HOURS DAYS DAY_PCT DIM_PCT ONLY "NOW" STATUS A B
#   A, B: expected brightness of 10-0045 (max 255) and rpi_backlight (max 31)
run_case() {
  hours=$1 days=$2 day=$3 dim=$4 only=$5 now=$6 status=$7 a=$8 b=$9
  reset_sysfs
  printf 'OPEN_HOURS=%s\nOPEN_DAYS=%s\nDAY_BRIGHTNESS=%s\nDIM_BRIGHTNESS=%s\nBACKLIGHT=%s\n' \
    "$hours" "$days" "$day" "$dim" "$only" > "$tmp/board.conf"
  out=$(sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" \
        --sysfs "$sys" --now "$now" 2>&1)
  rc=$?
  ga=$(cat "$sys/10-0045/brightness")
  gb=$(cat "$sys/rpi_backlight/brightness")
  if [ "$rc" = "$status" ] && [ "$ga" = "$a" ] && [ "$gb" = "$b" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: hours='$hours' days='$days' $day/$dim only='$only' at" \
         "'$now': exit $rc, $ga, $gb; expected exit $status, $a, $b" >&2
    echo "  output: $out" >&2
  fi
}

wk="mon tue wed thu fri sat"
while IFS='|' read -r hours days day dim only now status a b; do
  [ -n "$now" ] || continue
  run_case "$hours" "$days" "$day" "$dim" "$only" "$now" "$status" "$a" "$b"
done <<EOF
07:30-17:00|$wk|100|15||tue 07:29|0|38|5
07:30-17:00|$wk|100|15||tue 07:30|0|255|31
07:30-17:00|$wk|100|15||tue 12:00|0|255|31
07:30-17:00|$wk|100|15||tue 16:59|0|255|31
07:30-17:00|$wk|100|15||tue 17:00|0|38|5
07:30-17:00|$wk|100|15||tue 23:59|0|38|5
07:30-17:00|$wk|100|15||tue 00:00|0|38|5
07:30-17:00|$wk|100|15||sun 12:00|0|38|5
07:30-17:00|$wk|100|15||sat 12:00|0|255|31
7:30-17:00|$wk|100|15||mon 07:30|0|255|31
07:30-17:00||80|15||sun 12:00|0|204|25
22:00-06:00||100|40||wed 21:59|0|102|12
22:00-06:00||100|40||wed 22:00|0|255|31
22:00-06:00||100|40||wed 23:30|0|255|31
22:00-06:00||100|40||thu 05:59|0|255|31
22:00-06:00||100|40||thu 06:00|0|102|12
||100|15||sun 03:00|0|255|31
08:00-08:00||90|15||sun 03:00|0|230|28
07:30-17:00|$wk|100|0||tue 18:00|0|0|0
07:30-17:00|$wk|100|1||tue 18:00|0|3|1
07:30-17:00|$wk|100|15|rpi_backlight|tue 18:00|0|255|5
07:30-17:00|$wk|100|15|10-0045|tue 18:00|0|38|31
07:30-17:00|$wk|100|15|hdmi|tue 18:00|0|255|31
7-17|$wk|100|15||tue 12:00|1|255|31
07:30-25:00|$wk|100|15||tue 12:00|1|255|31
07:30-17:60|$wk|100|15||tue 12:00|1|255|31
07:30-17:00|$wk|101|15||tue 12:00|1|255|31
07:30-17:00|$wk|100|-5||tue 12:00|1|255|31
07:30-17:00|$wk|100|ten||tue 12:00|1|255|31
07:30-17:00|monday|100|15||tue 12:00|1|255|31
07:30-17:00|$wk|100|15||tue 7h30|1|255|31
07:30-11:30 13:30-17:00|$wk|100|15||tue 11:29|0|255|31
07:30-11:30 13:30-17:00|$wk|100|15||tue 12:00|0|38|5
07:30-11:30 13:30-17:00|$wk|100|15||tue 13:30|0|255|31
18:00-24:00|$wk|100|15||tue 23:59|0|255|31
18:00-24:00|$wk|100|15||tue 17:59|0|38|5
18:00-24:30|$wk|100|15||tue 12:00|1|255|31
07:30-11:30 13:30|$wk|100|15||tue 12:00|1|255|31
EOF

# Without OPEN_HOURS/OPEN_DAYS in board.conf, the hours come from site.ini's
# appointment schedule: first opening to last closing, on its weekdays.
sched_case() { # sched_case BOARD_CONF_TEXT "NOW" EXPECTED_A
  reset_sysfs
  printf '%b' "$1" > "$tmp/board.conf"
  printf '[site]\nname = x\n[schedule]\n; hours = 00:00-23:59\nweekdays = mon tue wed thu fri\nhours = 07:30-11:30 13:30-17:00\n[printer]\nhours = 00:00-01:00\n' \
    > "$tmp/site.ini"
  sh "$bl" --conf "$tmp/board.conf" --site "$tmp/site.ini" --sysfs "$sys" \
    --now "$2" >/dev/null 2>&1
  got=$(cat "$sys/10-0045/brightness")
  if [ "$got" = "$3" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: [schedule] case '$1' at '$2': $got, expected $3" >&2
  fi
}
sched_case 'DIM_BRIGHTNESS=15\n' "tue 07:29" 38
sched_case 'DIM_BRIGHTNESS=15\n' "tue 07:30" 255
sched_case 'DIM_BRIGHTNESS=15\n' "tue 12:00" 255   # over lunch: on
sched_case 'DIM_BRIGHTNESS=15\n' "tue 16:59" 255
sched_case 'DIM_BRIGHTNESS=15\n' "tue 17:00" 38
sched_case 'DIM_BRIGHTNESS=15\n' "sat 10:00" 38    # not a weekday there
sched_case 'OPEN_HOURS=\nOPEN_DAYS=\n' "wed 10:00" 255
sched_case 'OPEN_HOURS=06:00-20:00\n' "tue 19:00" 255  # board.conf wins
sched_case 'OPEN_DAYS=sat\n' "sat 10:00" 255
sched_case 'OPEN_DAYS=sat\n' "tue 10:00" 38
# ranges out of order still give earliest opening to latest closing
sed -i 's/^hours = .*/hours = 13:30-17:00 07:30-11:30/' "$tmp/site.ini"
sh "$bl" --conf "$tmp/board.conf" --site "$tmp/site.ini" --sysfs "$sys" \
  --now "sat 12:00" >/dev/null 2>&1
if [ "$(cat "$sys/10-0045/brightness")" = 255 ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: [schedule] hours out of order" >&2
fi

# --dry-run writes nothing but says what it would do
reset_sysfs
printf 'OPEN_HOURS=07:30-17:00\n' > "$tmp/board.conf"
out=$(sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" \
      --sysfs "$sys" --now "tue 20:00" --dry-run)
case "$out" in
  *"10-0045 255 -> 38 of 255"*) pass=$((pass + 1)) ;;
  *) fail=$((fail + 1)); echo "FAIL: dry run output: $out" >&2 ;;
esac
if [ "$(cat "$sys/10-0045/brightness")" = 255 ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: --dry-run wrote the brightness" >&2
fi

# a second run at the same time changes nothing and prints nothing
sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" --sysfs "$sys" \
  --now "tue 20:00" >/dev/null
out=$(sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" \
      --sysfs "$sys" --now "tue 20:00")
if [ -z "$out" ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: an unchanged level was logged: $out" >&2
fi

# no backlight at all (HDMI): not an error
mkdir -p "$tmp/empty"
out=$(sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" \
      --sysfs "$tmp/empty" --now "tue 20:00")
rc=$?
case "$rc:$out" in
  "0:"*"no backlight"*) pass=$((pass + 1)) ;;
  *) fail=$((fail + 1)); echo "FAIL: no backlight: exit $rc, $out" >&2 ;;
esac

# the real clock: runs and exits 0
if sh "$bl" --conf "$tmp/board.conf" --site "$tmp/none.ini" --sysfs "$sys" \
     >/dev/null 2>&1; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: run with the real clock" >&2
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
