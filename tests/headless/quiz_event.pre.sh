#!/bin/sh
# the "USB stick" for the export at the end
mkdir -p "$1/usb"
