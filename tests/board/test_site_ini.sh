#!/bin/sh
# board/site.ini documents every key of the site.ini table in
# src/site/site.c: each key appears, uncommented, in its own section, with a
# comment right above it. (That the file loads without a single diagnostic
# is test_board_site, through the real parser.) A key added to the table
# without documentation here fails this test.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ini=$repo/board/site.ini
table=$repo/src/site/site.c
pass=0
fail=0

# entries look like KIND("section", "key", ...) whatever the KIND macro
keys=$(grep -oE '^ *[A-Z]+\("[a-z_]+", "[a-z_]+"' "$table" |
       sed -E 's/^ *[A-Z]+\("([a-z_]+)", "([a-z_]+)"$/\1 \2/')
if [ "$(printf '%s\n' "$keys" | grep -c .)" -lt 10 ]; then
  echo "FAIL: could not read the key table from $table" >&2
  exit 1
fi

while read -r sec key; do
  found=$(awk -v sec="$sec" -v key="$key" '
    /^[[:space:]]*\[/ { s = $0; gsub(/[][[:space:]]/, "", s); prev = ""; next }
    /^[[:space:]]*$/ { next }
    {
      line = $0
      if (s == sec && line ~ "^" key "[[:space:]]*=") {
        print (prev ~ /^[[:space:]]*;/) ? "documented" : "bare"
      }
      prev = line
    }' "$ini")
  case "$found" in
    documented) pass=$((pass + 1)) ;;
    bare) fail=$((fail + 1)); echo "FAIL: [$sec] $key has no comment above it" >&2 ;;
    "") fail=$((fail + 1)); echo "FAIL: [$sec] $key is not in board/site.ini" >&2 ;;
    *) fail=$((fail + 1)); echo "FAIL: [$sec] $key appears more than once" >&2 ;;
  esac
done <<EOF
$keys
EOF

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
