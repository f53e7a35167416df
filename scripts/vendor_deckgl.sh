#!/usr/bin/env bash
# Vendor deck.gl for st.pydeck_chart from its npm packages (never hand-copied):
#   deck.gl        dist.min.js -> plugins/elements_charts/vendor/deckgl/deck.gl.min.js       (the standalone UMD bundle)
#   @deck.gl/json  dist.min.js -> plugins/elements_charts/vendor/deckgl/deck.gl-json.min.js  (JSONConverter: pydeck's JSON)
# with their licence (MIT). Re-run it to update: scripts/vendor_deckgl.sh [VERSION]  (needs npm and the npm registry).
set -euo pipefail

VERSION="${1:-9.4.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/plugins/elements_charts/vendor/deckgl"
WORK="$(mktemp -d /tmp/vendor-deckgl.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "deck.gl@$VERSION" "@deck.gl/json@$VERSION" >/dev/null
mkdir core json
tar xzf "deck.gl-$VERSION.tgz" -C core
tar xzf "deck.gl-json-$VERSION.tgz" -C json

mkdir -p "$DEST"
cp core/package/dist.min.js "$DEST/deck.gl.min.js"
cp json/package/dist.min.js "$DEST/deck.gl-json.min.js"
cp core/package/LICENSE "$DEST/LICENSE"
cmp -s core/package/LICENSE json/package/LICENSE || cp json/package/LICENSE "$DEST/LICENSE.json"
printf 'deck.gl %s and @deck.gl/json %s from the npm registry, by scripts/vendor_deckgl.sh\n' "$VERSION" "$VERSION" \
  > "$DEST/VERSION"
echo "vendored deck.gl $VERSION into $DEST"
