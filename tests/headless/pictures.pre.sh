#!/bin/sh
# A copy of the built-in pack with the test form of pictures/ (a
# picture-only note, image-only choices, a frequency scale with
# pictograms), beside the data directory ($1.pack): run.sh wants the data
# directory to hold nothing but the store.
rm -rf "$1.pack"
cp -r assets/pack "$1.pack"
cp tests/headless/pictures/pictures.*.csv "$1.pack/forms/"
