#!/usr/bin/env bash
# Copies Wine's own fonts into a prefix where its programs find them:
# Marlett draws the caption buttons (else they show as "0 1 r"), Tahoma the
# UI text.   wine-fonts.sh PREFIX
set -u
prefix=$1
mkdir -p "$prefix/drive_c/windows/Fonts"
for f in /usr/share/wine/fonts/marlett.ttf /usr/share/wine/fonts/tahoma.ttf /usr/share/wine/fonts/tahomabd.ttf; do
    [ -f "$f" ] && [ ! -f "$prefix/drive_c/windows/Fonts/${f##*/}" ] && cp "$f" "$prefix/drive_c/windows/Fonts/"
done
exit 0
