#!/bin/sh
# kiosk --score takes today() at site.ini's utc_offset (issue 18): a form
# whose calculate is today(), scored with sites at UTC+14:00 and UTC-12:00
# (26 hours apart, so at least one differs from the default UTC+07:00)
# and with the built-in site (+07:00).
set -eu
kiosk=$1
dir=$(mktemp -d /tmp/score_today.XXXXXX)
trap 'rm -rf "$dir"' EXIT
printf 'form_id,version,form_title,default_language\nday,2026120301,Today test,English (en)\n' \
  >"$dir/day.settings.csv"
printf 'type,name,label::English (en),calculation\nnote,hello,Hello,\ncalculate,day,,today()\n' \
  >"$dir/day.survey.csv"
printf 'name,value\n' >"$dir/answers.csv"
for off in +14:00 -12:00 +07:00; do
  site=
  if [ "$off" != +07:00 ]; then
    printf '[site]\nutc_offset = %s\n' "$off" >"$dir/site.ini"
    site="--site $dir/site.ini"
  fi
  secs=$(( ${off%%:*} * 3600 ))
  before=$(date -u -d "@$(( $(date +%s) + secs ))" +%F)
  # shellcheck disable=SC2086
  out=$("$kiosk" $site --score "$dir/day" --answers "$dir/answers.csv")
  after=$(date -u -d "@$(( $(date +%s) + secs ))" +%F)
  if [ "$out" != "day=$before" ] && [ "$out" != "day=$after" ]; then
    echo "utc_offset $off: kiosk --score printed '$out', want day=$before" >&2
    exit 1
  fi
  echo "utc_offset $off: $out"
done
