#!/usr/bin/env bash
# Vendors Chart.js into the operator page (src/main/resources/META-INF/resources/operator/vendor/): its UMD build, unchanged,
# with its licence. No CDN: the page works offline, and what it runs is the file checked in here.
#
#   infra/vendor-chart-js.sh            re-fetch the pinned version and check it against the recorded sha256
#
# To upgrade: change VERSION, run it with SHA256= (empty) to print the new file's sha256, review the diff, then
# record the new sha256 here and in the README ("Admin page").
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.6.1
SHA256="${SHA256-87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2}"
DEST=src/main/resources/META-INF/resources/operator/vendor

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# npm pack checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack "chart.js@$VERSION" --silent >/dev/null && tar xzf "chart.js-$VERSION.tgz")
actual=$(sha256sum "$work/package/dist/chart.umd.min.js" | cut -d' ' -f1)
if [ -z "$SHA256" ]; then
  echo "chart.js $VERSION dist/chart.umd.min.js sha256: $actual"
elif [ "$actual" != "$SHA256" ]; then
  echo "chart.js $VERSION: sha256 $actual, expected $SHA256; nothing copied" >&2
  exit 1
fi
mkdir -p "$DEST"
cp "$work/package/dist/chart.umd.min.js" "$DEST/chart.umd.min.js"
cp "$work/package/LICENSE.md" "$DEST/chart.js.LICENSE.md"
echo "Vendored chart.js $VERSION into $DEST (sha256 $actual)"
