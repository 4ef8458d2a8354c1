#!/usr/bin/env bash
# Cuts Noto Serif (from the @expo-google-fonts/noto-serif npm package, OFL-1.1) down to the characters Vietnamese
# administrative forms use, into assets/fonts. Run after changing the character list; the output is committed, so
# neither CI nor an install needs fonttools. Needs Debian's `fonttools` package (pyftsubset).
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/@expo-google-fonts/noto-serif
# Basic Latin, Latin-1, Latin Extended-A, Ơ ơ Ư ư, the combining tone marks, the Vietnamese precomposed letters,
# dashes, quotes, bullet, ellipsis, ₫ and №.
unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01A1,U+01AF-01B0,U+0300-0309,U+0323,U+1EA0-1EF9,U+2013-2014,U+2018-201D,U+2022,U+2026,U+20AB,U+2116"
mkdir -p assets/fonts
for pair in 400Regular/NotoSerif_400Regular:NotoSerif-Regular 700Bold/NotoSerif_700Bold:NotoSerif-Bold \
  400Regular_Italic/NotoSerif_400Regular_Italic:NotoSerif-Italic; do
  pyftsubset "$src/${pair%%:*}.ttf" --unicodes="$unicodes" --layout-features='kern,liga,ccmp,mark,mkmk' \
    --no-hinting --desubroutinize --name-IDs='*' --output-file="assets/fonts/${pair##*:}-vi.ttf"
done
cp "$src/LICENSE_FONT" assets/fonts/OFL.txt
