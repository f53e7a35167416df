#!/usr/bin/env bash
# Vendor the Material Symbols (Rounded) icon font from the `material-symbols` npm package.
#
#   bash scripts/vendor_material_symbols.sh [VERSION]     # default: the version pinned below
#
# Writes, from the package's own files (never hand-copied):
#   plugins/runtime/static/fonts/material-symbols/material-symbols-rounded.woff2  the font
#   plugins/runtime/static/fonts/material-symbols/LICENSE                          its licence (Apache-2.0)
#   plugins/runtime/static/fonts/material-symbols/VERSION                          the package version
#   kernel/contracts/material_symbols.txt  the icon names the font draws (from the package's
#                                          index.d.ts), one a line: what ":material/NAME:" accepts
# The web client's style.css loads the font with @font-face; docs/elements.md ("Icons") says more.
# Needs npm (registry access) and tar. Re-run it to update the font, then run the tests.
set -euo pipefail

VERSION="${1:-0.47.5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FONT_DIR="$ROOT/plugins/runtime/static/fonts/material-symbols"
NAMES="$ROOT/kernel/contracts/material_symbols.txt"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "material-symbols@$VERSION" >/dev/null)
tar -xzf "$WORK"/material-symbols-*.tgz -C "$WORK"
PKG="$WORK/package"
for f in material-symbols-rounded.woff2 LICENSE index.d.ts; do
  [ -f "$PKG/$f" ] || { echo "material-symbols@$VERSION has no $f: check the package's layout" >&2; exit 1; }
done

mkdir -p "$FONT_DIR"
cp "$PKG/material-symbols-rounded.woff2" "$PKG/LICENSE" "$FONT_DIR/"
echo "material-symbols $VERSION (npm), Rounded variable font" >"$FONT_DIR/VERSION"
# index.d.ts lists the names as quoted strings: keep those, one a line, sorted.
{
  echo "# Material Symbols icon names (material-symbols $VERSION, npm): written by scripts/vendor_material_symbols.sh"
  grep -oE '"[a-z0-9_]+"' "$PKG/index.d.ts" | tr -d '"' | LC_ALL=C sort -u
} >"$NAMES"
echo "vendored material-symbols $VERSION: $(du -h "$FONT_DIR/material-symbols-rounded.woff2" | cut -f1) font," \
  "$(($(wc -l <"$NAMES") - 1)) icon names"
