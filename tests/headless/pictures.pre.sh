#!/bin/sh
# A copy of the built-in pack with the test forms of pictures/: one (a
# picture-only note, image-only choices, a frequency scale with
# pictograms) and a date and a range (widgets.*), beside the data directory ($1.pack): run.sh wants the data
# directory to hold nothing but the store.
rm -rf "$1.pack"
cp -r assets/pack "$1.pack"
cp tests/headless/pictures/*.csv "$1.pack/forms/"
