#!/usr/bin/env bash
# Renders skillgap's report.html to a PNG with headless Chromium, to look at the report or to
# refresh docs/report.png:
#
#   scripts/screenshot.sh [REPORT_HTML] [OUT_PNG] [HEIGHT] [WIDTH]
#   scripts/screenshot.sh --docs      # docs/report.png at 1300 px and docs/report-phone.png at 390 px
#
# Defaults: output/report.html, docs/report.png, a height that fits the whole page and a width
# of 1300 px; 390 px is a phone's width, where the page's narrow layout applies. Chromium cannot size a
# screenshot to the page by itself, so without HEIGHT the script takes a tall shot first,
# finds the last non-white row with Python's Pillow (if installed) and crops to it.
#
# Chromium is installed with apt-get when missing (Debian package `chromium`).
set -euo pipefail

if [[ ${1:-} == --docs ]]; then
    "$0" output/report.html docs/report.png "" 1300
    exec "$0" output/report.html docs/report-phone.png "" 390
fi

html=${1:-output/report.html}
out=${2:-docs/report.png}
height=${3:-}
width=${4:-1300}

if [[ ! -f $html ]]; then
    echo "screenshot.sh: $html not found; run \`skillgap run\` first" >&2
    exit 1
fi

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
    echo "screenshot.sh: installing chromium" >&2
    apt-get update && apt-get install -y chromium
    chromium=$(command -v chromium)
fi

abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
mkdir -p "$(dirname "$out")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shoot() {
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size="$width,$1" \
        --screenshot="$out" "file://$abs" >/dev/null 2>&1
}

if [[ -n $height ]]; then
    shoot "$height"
else
    shoot $(( width < 700 ? 24000 : 12000 ))
    # Crop the white space below the page, keeping a margin of 24 px. Debian's python3-pil
    # lives in /usr/bin/python3, which may not be the python3 first on PATH.
    python=
    for p in python3 /usr/bin/python3; do
        if "$p" -c 'import PIL' 2>/dev/null; then python=$p; break; fi
    done
    if [[ -z $python ]]; then
        echo "screenshot.sh: no Pillow (apt-get install python3-pil); left the shot uncropped" >&2
        echo "$out"
        exit 0
    fi
    "$python" - "$out" <<'PY'
import sys
from PIL import Image, ImageChops
path = sys.argv[1]
img = Image.open(path).convert("RGB")
bbox = ImageChops.difference(img, Image.new("RGB", img.size, (255, 255, 255))).getbbox()
if bbox:
    img.crop((0, 0, img.width, min(img.height, bbox[3] + 24))).save(path, optimize=True)
PY
fi
echo "$out"
