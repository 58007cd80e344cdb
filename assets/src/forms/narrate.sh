#!/bin/sh
# Makes the narration files named in the media::audio columns of the forms.
#
#   sh assets/src/forms/narrate.sh [PACK_DIR]
#
# For every survey row and choice row of PACK_DIR/forms/*.csv (default
# assets/pack) that names a file in media::audio::<Language> (<code>), the
# label in that language is spoken with espeak-ng (voice vi or en), resampled
# to 16 kHz mono, trimmed of leading and trailing silence and encoded as Ogg
# Vorbis at the lowest quality setting (about 19 kbit/s) into PACK_DIR/audio/.
# A choice file shared by several questions is made once. Files named
# form-*.ogg in PACK_DIR/audio/ that no form names any more are removed,
# because this script owns that name space.
#
# The narration is a machine voice standing in until recorded human voices
# exist. Labels with ${field} placeholders (feedback notes showing a score)
# are narrated without the part that holds the placeholder, since a fixed
# file cannot say a number only known at run time.
#
# Needs: python3, espeak-ng, sox, oggenc (vorbis-tools).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pack=${1:-$here/../../pack}
forms=$pack/forms
audio=$pack/audio
mkdir -p "$audio"
for tool in python3 espeak-ng sox oggenc; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "narrate.sh: $tool is not installed" >&2
        exit 1
    }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# One line per file: <file>\t<voice>\t<text>. Text is made speakable here:
# placeholders dropped, line breaks turned into pauses, symbols espeak-ng
# reads badly spelt out.
python3 - "$forms" >"$tmp/list.tsv" <<'EOF'
import csv, glob, os, re, sys

forms = sys.argv[1]
WORDS = {
    "vi": {"to": " đến ", "of": " trên ", "or": " hoặc ", "ml": "mi-li-lít"},
    "en": {"to": " to ", "of": " of ", "or": " or ", "ml": "millilitres"},
}

def speakable(text, lang):
    w = WORDS[lang]
    # A parenthesis or sentence holding ${...} cannot be narrated.
    text = re.sub(r"\s*\([^()]*\$\{[^}]*\}[^()]*\)", "", text)
    parts = re.split(r"(?<=[.!?])\s+|\n", text)
    parts = [p.strip() for p in parts if "${" not in p and p.strip()]
    out = []
    for p in parts:
        if not re.search(r"[.!?:;]$", p):
            p += "."
        out.append(p)
    text = " ".join(out)
    text = re.sub(r"(\d)\s*[–-]\s*(\d)", lambda m: m.group(1) + w["to"]
                  + m.group(2), text)
    text = re.sub(r"(\d)/(\d)", lambda m: m.group(1) + w["of"]
                  + m.group(2), text)
    text = re.sub(r"(\w)/(\w)", lambda m: m.group(1) + w["or"]
                  + m.group(2), text)
    text = re.sub(r"\bml\b", w["ml"], text)
    text = text.replace("…", "").replace("«", "\"").replace("»", "\"")
    text = text.replace("—", ",")
    return re.sub(r"\s+", " ", text).strip()

seen = {}
for path in sorted(glob.glob(os.path.join(forms, "*.csv"))):
    if path.endswith(".settings.csv"):
        continue
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for col, fname in row.items():
                m = re.match(r"media::audio::.*\((\w+)\)$", col or "")
                if not m or not fname:
                    continue
                lang = m.group(1)
                label = next((v for k, v in row.items()
                              if k and k.startswith("label::")
                              and k.endswith("(%s)" % lang)), "")
                text = speakable(label, lang)
                if not text:
                    sys.exit("%s: no label to narrate for %s" % (path, fname))
                if fname in seen and seen[fname] != text:
                    sys.exit("%s: %s is shared by different labels"
                             % (path, fname))
                seen[fname] = text
for fname in sorted(seen):
    lang = re.search(r"-(\w+)\.ogg$", fname).group(1)
    print("%s\t%s\t%s" % (fname, lang, seen[fname]))
EOF

n=0
while IFS="$(printf '\t')" read -r file voice text; do
    printf "%s\n" "$text" | espeak-ng --stdin -v "$voice" -w "$tmp/a.wav"
    # 16 kHz mono with 1 dB headroom (espeak-ng peaks clip when resampled);
    # silence under 0.5 % is cut at both ends (espeak-ng pads them); -R
    # makes the dither repeatable so reruns give the same bytes.
    sox -R "$tmp/a.wav" -r 16000 -c 1 "$tmp/b.wav" gain -1 \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
    # A fixed serial number keeps the output byte-identical between runs;
    # a 5 kHz low-pass keeps speech clear and saves about a tenth in size.
    oggenc -Q -q -1 --serial 1 \
        --advanced-encode-option lowpass_frequency=5 \
        -o "$audio/$file" "$tmp/b.wav" 2>/dev/null
    n=$((n + 1))
done <"$tmp/list.tsv"

cut -f1 "$tmp/list.tsv" | sort >"$tmp/keep"
for f in "$audio"/form-*.ogg; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    if ! grep -qxF "$base" "$tmp/keep"; then
        rm -f "$f"
        echo "removed stale $base"
    fi
done
total=$(cat "$audio"/form-*.ogg | wc -c)
echo "narrate.sh: $n files, $total bytes of form narration in $audio"
