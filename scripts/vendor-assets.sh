#!/usr/bin/env bash
# Install front-end libraries from package-lock.json and copy the files the app
# serves into the package (src/bicentennial/web/static/vendor). Nothing is
# fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
out=src/bicentennial/web/static/vendor
mkdir -p "$out"
while read -r src dest; do
  [ -z "$src" ] && continue
  case "$src" in \#*) continue;; esac
  cp "node_modules/$src" "$out/$dest"
done < scripts/vendor-assets.txt
