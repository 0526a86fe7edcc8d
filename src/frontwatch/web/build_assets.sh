#!/usr/bin/env bash
# Vendors the map page's JavaScript and outline data from npm into static/vendor/, so
# the page works with no network: Leaflet, Leaflet.markercluster, topojson-client and
# Natural Earth 1:110m country outlines (world-atlas). Run it to update the pinned
# versions below; its output is committed and shipped as package data, so users never
# run it (`pip install frontwatch` is enough). Needs npm.
set -euo pipefail
cd "$(dirname "$0")"
out=static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packages=(leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2)
for spec in "${packages[@]}"; do
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
done
for tarball in "$work"/*.tgz; do
    name=$(basename "$tarball" .tgz)
    mkdir -p "$work/$name" && tar -xzf "$tarball" -C "$work/$name"
done

rm -rf "$out" && mkdir -p "$out/leaflet/images" "$out/markercluster" "$out/topojson" "$out/world-atlas"
cp "$work"/leaflet-1.9.4/package/dist/leaflet.js "$work"/leaflet-1.9.4/package/dist/leaflet.css "$out/leaflet/"
cp "$work"/leaflet-1.9.4/package/dist/images/*.png "$out/leaflet/images/"
cp "$work"/leaflet-1.9.4/package/LICENSE "$out/leaflet/LICENSE"
mc="$work"/leaflet.markercluster-1.5.3/package
cp "$mc"/dist/leaflet.markercluster.js "$mc"/dist/MarkerCluster.css "$mc"/dist/MarkerCluster.Default.css "$out/markercluster/"
cp "$mc"/MIT-LICENCE.txt "$out/markercluster/LICENSE"
cp "$work"/topojson-client-3.1.0/package/dist/topojson-client.min.js "$out/topojson/"
cp "$work"/topojson-client-3.1.0/package/LICENSE "$out/topojson/LICENSE"
cp "$work"/world-atlas-2.0.2/package/countries-110m.json "$out/world-atlas/"
cp "$work"/world-atlas-2.0.2/package/LICENSE "$out/world-atlas/LICENSE"
printf '%s\n' "${packages[@]}" > "$out/VERSIONS"
echo "vendored into $out: ${packages[*]}"
