#!/bin/sh
# The same test pack as pictures.script's (its forms include widgets.*).
sh tests/headless/pictures.pre.sh "$@"
