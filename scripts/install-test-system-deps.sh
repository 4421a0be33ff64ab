#!/usr/bin/env bash
# Installs the Debian packages the test suite needs and pip cannot bring:
#   chromium    the browser Playwright drives in the end-to-end tests
#               (Playwright's own browser download is never used);
#   postgresql  the server binaries (initdb, pg_ctl) for throwaway test databases.
# Idempotent and quiet: does nothing (and prints nothing) when both are present.
set -euo pipefail

# Debian package -> a file it installs, used to tell whether it is present.
declare -A wanted=(
    [chromium]=/usr/bin/chromium
    [postgresql]=/usr/lib/postgresql
)

missing=()
for package in "${!wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || [ ! -e "${wanted[$package]}" ]; then
        missing+=("$package")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-test-system-deps.sh: the tests need the Debian packages: ${missing[*]}." >&2
    echo "Installing them needs root (or sudo, which is not available). As root, run:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-system-deps.sh: apt-get not found; install ${missing[*]} by hand." >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-system-deps.sh: installing ${missing[*]} failed (log above)." >&2
    exit 1
fi
