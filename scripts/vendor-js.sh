#!/usr/bin/env bash
# Vendors the web app's JavaScript from the npm registry into
# src/rendement/web/static/rendement/vendor/ (served by Django, never from a CDN).
# Run it from anywhere; needs npm, tar, sha256sum and python3. Versions and the
# registry's integrity of each tarball are pinned here: a different tarball fails.
#
# vega-lite follows altair's schema (python -c "import altair; print(altair.SCHEMA_VERSION)"),
# vega and vega-embed follow vega-lite (altair's VEGA_VERSION and VEGAEMBED_VERSION majors).
# axe-core is not loaded by any page: the browser tests inject it to check accessibility.
# vega-interpreter evaluates the charts' Vega expressions without `new Function`, so the
# pages' Content-Security-Policy needs no 'unsafe-eval'. npm ships it only as an ES module
# importing vega-util; it is made a classic script here (the import becomes the `vega`
# global, which carries vega-util's functions; the export becomes `window.vegaInterpreter`).
set -euo pipefail

# package  version  tarball integrity (npm's dist.integrity)  file in the tarball
PINS=(
    "htmx.org   2.0.11 sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA== dist/htmx.min.js"
    "vega       6.4.0  sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g== build/vega.min.js"
    "vega-lite  6.4.1  sha512-KO3ybHNouRK4A0al/+2fN9UqgTEfxrd/ntGLY933Hg5UOYotDVQdshR3zn7OfXwQ7uj0W96Vfa5R+QxO8am3IQ== build/vega-lite.min.js"
    "vega-embed 7.3.0  sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw== build/vega-embed.min.js"
    "vega-interpreter 2.3.2 sha512-JDAoi3taFcCDLujZG84TNNUXdkAZ5WsSHssx8lWVYaxb9Slsjk7v7PtRIYXpSlUwLaKGRBqoJ9KDs36Z0eMEIw== build/vega-interpreter.js"
    "axe-core   4.14.1 sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ== axe.min.js"
)

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/rendement/web/static/rendement/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

{
    echo "# JavaScript vendored from the npm registry by scripts/vendor-js.sh; do not edit by hand."
    echo "# The trailing '//# sourceMappingURL=' line is removed (the .map files are not shipped,"
    echo "# and Django's ManifestStaticFilesStorage refuses a reference to a missing file)."
    echo "# package version tarball-integrity file file-sha256"
} >"$work/VERSIONS.txt"

for pin in "${PINS[@]}"; do
    read -r package version integrity inner <<<"$pin"
    mkdir "$work/$package"
    (cd "$work/$package" && npm pack --silent "$package@$version" >/dev/null)
    tarball="$(ls "$work/$package"/*.tgz)"
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
        echo "vendor-js.sh: $package@$version tarball is $actual, pinned $integrity" >&2
        exit 1
    fi
    tar -xzf "$tarball" -C "$work/$package"
    name="$(basename "$inner")"
    if [ "$package" = "vega-interpreter" ]; then
        import="import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
        export="export { expression as expressionInterpreter };"
        if ! grep -qxF "$import" "$work/$package/package/$inner" \
            || ! grep -qxF "$export" "$work/$package/package/$inner"; then
            echo "vendor-js.sh: $package@$version no longer has the expected import/export" >&2
            exit 1
        fi
        {
            echo "// vega-interpreter $version as a classic script (see scripts/vendor-js.sh)"
            echo "(function (vegaUtil) {"
            echo "const { ascending, isString, DisallowedObjectProperties } = vegaUtil;"
            grep -vxF -e "$import" -e "$export" "$work/$package/package/$inner" \
                | sed '${/^\/\/# sourceMappingURL=/d}'
            echo "window.vegaInterpreter = { expressionInterpreter: expression };"
            echo "})(vega);"
        } >"$dest/$name"
    else
        sed '${/^\/\/# sourceMappingURL=/d}' "$work/$package/package/$inner" >"$dest/$name"
    fi
    cp "$work/$package/package/LICENSE" "$dest/$package.LICENSE.txt"
    digest="$(sha256sum "$dest/$name" | cut -d' ' -f1)"
    echo "$package $version $integrity $name sha256:$digest" >>"$work/VERSIONS.txt"
done
cp "$work/VERSIONS.txt" "$dest/VERSIONS.txt"
