#!/bin/sh
# Decrypts one ODK encrypted submission with the openssl command line only,
# as an implementation independent of the kiosk's C code (see the spec:
# getodk xforms-spec, Encryption). Writes the instance XML to stdout.
# Usage: odk_decrypt_openssl.sh PRIVATE.pem MANIFEST.xml SUBMISSION.xml.enc
set -eu
key=$1 manifest=$2 enc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
text() { sed -n "s|.*<$1>\\([^<]*\\)</$1>.*|\\1|p" "$manifest"; }
text base64EncryptedKey | openssl base64 -d -A >"$tmp/wrapped"
openssl pkeyutl -decrypt -inkey "$key" -in "$tmp/wrapped" -out "$tmp/key" \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \
  -pkeyopt rsa_mgf1_md:sha256
# iv = md5(instanceID || key) with byte 0 plus one (the only file)
printf '%s' "$(text instanceID)" >"$tmp/seed"
cat "$tmp/key" >>"$tmp/seed"
seed=$(openssl dgst -md5 -binary "$tmp/seed" | od -An -tx1 | tr -d ' \n')
first=$(printf '%02x' $(( (0x$(printf '%s' "$seed" | cut -c1-2) + 1) % 256 )))
iv=$first$(printf '%s' "$seed" | cut -c3-)
hexkey=$(od -An -tx1 "$tmp/key" | tr -d ' \n')
openssl enc -d -aes-256-cfb -nopad -K "$hexkey" -iv "$iv" -in "$enc" \
  -out "$tmp/padded"
# PKCS#7: the last byte says how many bytes of padding there are
size=$(wc -c <"$tmp/padded")
pad=$(tail -c 1 "$tmp/padded" | od -An -tu1 | tr -d ' ')
if [ "$pad" -lt 1 ] || [ "$pad" -gt 16 ]; then
  echo "bad padding" >&2
  exit 1
fi
want=$(printf '%02x' "$pad")
got=$(tail -c "$pad" "$tmp/padded" | od -An -tx1 | tr -d ' \n')
[ "$got" = "$(printf "%${pad}s" | sed "s/ /$want/g")" ] ||
  { echo "bad padding" >&2; exit 1; }
head -c $((size - pad)) "$tmp/padded"
