#!/bin/sh
# The kiosk refuses to start on a site.ini value that names something the
# content pack does not have, and says which line (issue 17, item 9). The
# control case with the same file fixed starts (a ticket preview: site.ini,
# database, pack and site check, then exit 0).
# Usage: test_site_start.sh KIOSK
set -u
kiosk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME STATUS PATTERN: the kiosk's exit status and a stderr line
expect() {
  name=$1 want=$2 pattern=$3
  status=0
  "$kiosk" --site "$tmp/site.ini" --data-dir "$tmp/data" \
    --ticket-preview "$tmp/t.png" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL $name: exit status $status, expected $want" >&2
    cat "$tmp/err" >&2
    fail=$((fail + 1))
  elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/err"; then
    echo "FAIL $name: stderr lacks '$pattern':" >&2
    cat "$tmp/err" >&2
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

site() {
  printf '[site]\nkiosk_id = t-1\n%s\n[store]\nsetup_code = 87654321\n' "$1" \
    >"$tmp/site.ini"
}

site 'languages = vi en'
expect good 0 ""
site 'languages = vi vn'
expect languages 1 "site.ini:3: error: languages: \"vn\" is not a language of the content pack"
site 'default_language = vn'
expect default_language 1 "site.ini:3: error: default_language: \"vn\" is not a language"
printf '[site]\nlanguages = vi en\n\ndefault_language = km\n' >"$tmp/site.ini"
expect not_offered 1 "site.ini:4: error: default_language: \"km\" is not one of the languages offered"
site 'district = Nowhere District'
expect district 1 "site.ini:3: error: district: no service"
printf '[printer]\nprinter = tcp:192.0.2.10:99999\n[ticket]\nurl = https://example.org/t/\n' \
  >"$tmp/site.ini"
expect two_errors 1 "site.ini:4: error: url:"
grep -qF "site.ini:2: error: printer:" "$tmp/err" || {
  echo "FAIL two_errors: the printer line is not reported too" >&2
  fail=$((fail + 1))
}
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
