#!/bin/sh
# Regenerates the built-in content pack's pictures and placeholder narration.
#
#   assets/src/images/*.svg  ->  assets/pack/images/*.png
#       art-*.svg at 480x320, cat-*.svg at 320x240, rendered with rsvg-convert
#       and squeezed with pngquant (256 colours or fewer) to stay small.
#   assets/pack/info/articles.csv  ->  assets/pack/audio/article-<id>-<lang>.ogg
#       title + body read by espeak-ng (vi, en), Ogg Vorbis mono 16 kHz at the
#       lowest quality (oggenc -q -1, about 15 kbit/s) so 24 narrations of 1-2
#       minutes fit the pack budget (~4-5 MB).
#   assets/pack/strings.csv  ->  assets/pack/audio/string-<key>-<lang>.ogg
#       the rows with an audio:: file name (screen narration, the attract
#       messages, each language's own name), read the same way.
#       These are machine placeholders: staff replace them with recordings.
#
# Needs (Debian 12): librsvg2-bin pngquant espeak-ng vorbis-tools sox python3
# Usage: sh assets/src/build.sh [images|audio|all]     (default: all)
# Files named audio/form-* belong to the forms and are never touched here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pack="$here/../pack"
what=${1:-all}

need() {
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || {
            echo "build.sh: '$t' not found; install: apt-get install librsvg2-bin pngquant espeak-ng vorbis-tools sox" >&2
            exit 1
        }
    done
}

images() {
    need rsvg-convert pngquant
    mkdir -p "$pack/images"
    for svg in "$here"/images/*.svg; do
        name=$(basename "$svg" .svg)
        case "$name" in
            cat-*) w=320 h=240 ;;
            *) w=480 h=320 ;;
        esac
        out="$pack/images/$name.png"
        rsvg-convert -w "$w" -h "$h" -f png -o "$out.tmp" "$svg"
        # Flat art has few colours; pngquant keeps it crisp at a fraction of
        # the size. --skip-if-larger exits 98 when it cannot help: keep raw.
        if pngquant --force --quality 60-95 --speed 1 --strip \
                --output "$out" -- "$out.tmp"; then
            rm -f "$out.tmp"
        else
            mv "$out.tmp" "$out"
        fi
        size=$(wc -c <"$out")
        echo "image $name.png ${w}x${h} $size bytes"
        if [ "$size" -gt 40960 ]; then
            echo "build.sh: warning: $name.png is over 40 KB" >&2
        fi
    done
}

audio() {
    need espeak-ng oggenc sox python3
    mkdir -p "$pack/audio"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # One text file per (row, language) narration cell named in an audio::
    # column: an article's title and body, a string's own text (screen
    # narration, the attract messages, each language's own name).
    python3 - "$pack/info/articles.csv" "$pack/strings.csv" "$tmp" <<'PY'
import csv, sys, re
articles, strings, out = sys.argv[1:4]
def code(h):
    m = re.search(r"\(([^()]+)\)\s*$", h)
    return m.group(1) if m else None
def cells(src, prefix, texts):
    """Writes <lang>__<clip>.txt for each named clip of src; texts(row,
    columns by kind, lang) gives its text or None."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    cols = {}
    for i, h in enumerate(rows[0]):
        kind = h.split("::")[0]
        cols.setdefault(kind, {})[code(h)] = i
    for r in rows[1:]:
        for lang, ai in cols.get("audio", {}).items():
            r = r + [""] * (len(rows[0]) - len(r))  # (short rows: empty cells)
            name = r[ai].strip()
            text = texts(r, cols, lang) if name else None
            if not text:
                continue
            if not name.startswith(prefix) or "/" in name:
                sys.exit("refusing to write audio file %r" % name)
            with open(f"{out}/{lang}__{name}.txt", "w", encoding="utf-8") as t:
                t.write(text)
def article(r, cols, lang):
    t, b = cols["title"].get(lang), cols["body"].get(lang)
    if t is None or b is None:
        return None
    return r[t].strip() + ".\n\n" + r[b].strip() + "\n"
def string(r, cols, lang):
    t = cols["text"].get(lang)
    return r[t].strip() + "\n" if t is not None and r[t].strip() else None
cells(articles, "article-", article)
cells(strings, "string-", string)
PY
    for txt in "$tmp"/*.txt; do
        [ -e "$txt" ] || continue
        base=$(basename "$txt" .txt)
        lang=${base%%__*}
        name=${base#*__}
        case "$lang" in
            vi) voice=vi speed=160 ;;
            en) voice=en speed=165 ;;
            *) voice=$lang speed=150 ;;
        esac
        espeak-ng -v "$voice" -s "$speed" -f "$txt" -w "$tmp/raw.wav"
        sox -V1 -R "$tmp/raw.wav" -r 16000 -c 1 "$tmp/16k.wav" gain -n -1
        # A fixed stream serial (from the name) keeps rebuilds byte-identical,
        # so regenerating does not churn every file in git.
        serial=$(printf '%s' "$name" | cksum | cut -d' ' -f1)
        oggenc -Q -q -1 --serial "$serial" -o "$pack/audio/$name" "$tmp/16k.wav"
        echo "audio $name $(wc -c <"$pack/audio/$name") bytes"
    done
}

case "$what" in
    images) images ;;
    audio) audio ;;
    all) images; audio ;;
    *) echo "usage: $0 [images|audio|all]" >&2; exit 2 ;;
esac
