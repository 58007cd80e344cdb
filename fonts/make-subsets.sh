#!/bin/sh
# Regenerates the font subsets in this directory from Debian's fonts-noto-core.
set -eu
cd "$(dirname "$0")"
N=/usr/share/fonts/truetype/noto
latin="20-7E,A0-24F,250-2AF,2B0-2FF,300-36F,370-3FF,1E00-1EFF,2000-206F,20A0-20CF,2100-214F,2190-21FF,2200-22FF,2460-24FF,25A0-25FF,2600-26FF,2700-27BF,FEFF,FFFD"
khmer="20,A0,200B-200D,25CC,1780-17FF,19E0-19FF"
for w in Regular Bold; do
  hb-subset --unicodes="$latin" --output-file="NotoSans-$w.ttf" "$N/NotoSans-$w.ttf"
  hb-subset --unicodes="$khmer" --output-file="NotoSansKhmer-$w.ttf" "$N/NotoSansKhmer-$w.ttf"
done
cp "$N/NotoSansTaiViet-Regular.ttf" .
