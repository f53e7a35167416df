#!/usr/bin/env bash
# Vendor the browser libraries of st.graphviz_chart, st.mermaid_chart and st.echarts_chart from their npm
# packages (never hand-copied), each with its licence, into plugins/elements_charts/vendor/<name>/:
#   @viz-js/viz  dist/viz-global.js -> vendor/vizjs/viz-global.js       Graphviz compiled to WebAssembly (UMD, sets window.Viz)
#   mermaid      dist/mermaid.min.js -> vendor/mermaid/mermaid.min.js  (IIFE, sets window.mermaid)
#   echarts      dist/echarts.min.js -> vendor/echarts/echarts.min.js  (UMD, sets window.echarts)
# Licences: mermaid's LICENSE (MIT); echarts' LICENSE and NOTICE (Apache-2.0) and its licenses/ folder;
# @viz-js/viz ships no licence file, so its LICENSE is written from the package's "license" field (MIT),
# the copyright line of the bundle's header, and the notice naming the Graphviz (EPL-1.0) and Expat (MIT)
# object code it contains.
# Re-run it to update (needs npm and the npm registry):
#   scripts/vendor_diagrams.sh                       # the pinned versions below
#   VIZ_VERSION=3.31.0 MERMAID_VERSION=12.3.0 ECHARTS_VERSION=6.1.0 scripts/vendor_diagrams.sh
set -euo pipefail

VIZ_VERSION="${VIZ_VERSION:-3.31.0}"
MERMAID_VERSION="${MERMAID_VERSION:-12.3.0}"
ECHARTS_VERSION="${ECHARTS_VERSION:-6.1.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/plugins/elements_charts/vendor"
WORK="$(mktemp -d /tmp/vendor-diagrams.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "@viz-js/viz@$VIZ_VERSION" "mermaid@$MERMAID_VERSION" "echarts@$ECHARTS_VERSION" >/dev/null
mkdir viz mermaid echarts
tar xzf "viz-js-viz-$VIZ_VERSION.tgz" -C viz
tar xzf "mermaid-$MERMAID_VERSION.tgz" -C mermaid
tar xzf "echarts-$ECHARTS_VERSION.tgz" -C echarts

# @viz-js/viz
DEST="$VENDOR/vizjs"
rm -rf "$DEST" && mkdir -p "$DEST"
cp viz/package/dist/viz-global.js "$DEST/viz-global.js"
LICENSE_FIELD="$(node -p 'require("./viz/package/package.json").license')"
[ "$LICENSE_FIELD" = "MIT" ] || { echo "@viz-js/viz is now licensed $LICENSE_FIELD: review before vendoring" >&2; exit 1; }
COPYRIGHT="$(sed -n '3p' viz/package/dist/viz-global.js)"
{
  echo "@viz-js/viz $VIZ_VERSION (npm package; its package.json says \"license\": \"MIT\")"
  echo
  echo "MIT License"
  echo
  echo "$COPYRIGHT"
  echo
  cat <<'MIT'
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.
MIT
  echo
  echo "The bundle's own notice:"
  sed -n '/^\/\*!/,/\*\//p' viz/package/dist/viz-global.js
  echo
  echo "Graphviz is distributed under the Eclipse Public License 1.0 (https://graphviz.org/license/);"
  echo "Expat under the MIT licence (https://github.com/libexpat/libexpat/blob/master/COPYING)."
} > "$DEST/LICENSE"

# mermaid
DEST="$VENDOR/mermaid"
rm -rf "$DEST" && mkdir -p "$DEST"
cp mermaid/package/dist/mermaid.min.js "$DEST/mermaid.min.js"
cp mermaid/package/LICENSE "$DEST/LICENSE"

# echarts
DEST="$VENDOR/echarts"
rm -rf "$DEST" && mkdir -p "$DEST"
cp echarts/package/dist/echarts.min.js "$DEST/echarts.min.js"
cp echarts/package/LICENSE "$DEST/LICENSE"
cp echarts/package/NOTICE "$DEST/NOTICE"
cp -r echarts/package/licenses "$DEST/licenses"

for name in vizjs mermaid echarts; do
  case $name in
    vizjs) version="@viz-js/viz $VIZ_VERSION" ;;
    mermaid) version="mermaid $MERMAID_VERSION" ;;
    echarts) version="echarts $ECHARTS_VERSION" ;;
  esac
  printf '%s from the npm registry, by scripts/vendor_diagrams.sh\n' "$version" > "$VENDOR/$name/VERSION"
done
echo "vendored @viz-js/viz $VIZ_VERSION, mermaid $MERMAID_VERSION and echarts $ECHARTS_VERSION into $VENDOR"
