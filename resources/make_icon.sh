#!/usr/bin/env bash
# Draws ContainerKitty's icon (a cat's head over a shipping container) with
# ImageMagick and writes app.ico with the sizes Windows asks for.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 256x256 xc:none \
    -fill '#1f6feb' -draw 'roundrectangle 16,96 240,240 20,20' \
    -stroke '#0b3d91' -strokewidth 8 \
    -draw 'line 64,112 64,224' -draw 'line 112,112 112,224' \
    -draw 'line 160,112 160,224' -draw 'line 208,112 208,224' \
    -stroke none -fill '#f0883e' \
    -draw 'polygon 56,92 76,16 116,68' -draw 'polygon 200,92 180,16 140,68' \
    -draw 'ellipse 128,96 84,60 0,360' \
    -fill '#ffffff' -draw 'ellipse 100,92 14,16 0,360' -draw 'ellipse 156,92 14,16 0,360' \
    -fill '#111111' -draw 'ellipse 102,94 6,10 0,360' -draw 'ellipse 154,94 6,10 0,360' \
    -fill '#d1495b' -draw 'polygon 120,118 136,118 128,128' \
    icon-256.png
convert icon-256.png -define icon:auto-resize=256,64,48,32,24,16 app.ico
rm -f icon-256.png
