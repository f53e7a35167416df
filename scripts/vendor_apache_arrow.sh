#!/usr/bin/env bash
# Vendor the Apache Arrow JavaScript reader from its npm package (never hand-copied):
#   apache-arrow  Arrow.es2015.min.js -> plugins/data_channel/static/vendor/apache-arrow/Arrow.es2015.min.js
# (the UMD bundle: it defines window.Arrow) with its licence and notice (Apache-2.0).
# The page reads chart and table data sent as Arrow IPC with it (docs/protocol.md, "Data").
# Re-run it to update: scripts/vendor_apache_arrow.sh [VERSION]  (needs npm and the npm registry).
set -euo pipefail

VERSION="${1:-21.2.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/plugins/data_channel/static/vendor/apache-arrow"
WORK="$(mktemp -d /tmp/vendor-arrow.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "apache-arrow@$VERSION" >/dev/null
tar xzf "apache-arrow-$VERSION.tgz"

mkdir -p "$DEST"
cp package/Arrow.es2015.min.js "$DEST/Arrow.es2015.min.js"
cp package/LICENSE.txt "$DEST/LICENSE.txt"
cp package/NOTICE.txt "$DEST/NOTICE.txt"
printf 'apache-arrow %s from the npm registry, by scripts/vendor_apache_arrow.sh\n' "$VERSION" > "$DEST/VERSION"
echo "vendored apache-arrow $VERSION into $DEST"
