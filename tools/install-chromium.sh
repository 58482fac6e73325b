#!/usr/bin/env bash
# Install Debian's chromium for the browser tests of `make test` (tests/site/),
# unless it is there already. Playwright drives this chromium: it never downloads
# a browser of its own.
#
# `make test` starts this script (and install-tex.sh) in the background first,
# so the download overlaps the tests; `make site-test` runs it again, which
# waits for that install to finish (a shared lock) and then finds chromium.
set -euo pipefail

if command -v chromium >/dev/null; then
    echo "install-chromium: $(chromium --version 2>/dev/null) is already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "install-chromium: no apt-get here; please install Chromium so that" >&2
    echo "  /usr/bin/chromium exists (or set NNBOOK_CHROMIUM to its path)" >&2
    exit 1
fi

# One apt-get at a time: wait for an install this project started elsewhere.
exec 9>"${TMPDIR:-/tmp}/nnbook-apt.lock"
echo "install-chromium: waiting for any other install of this project's packages"
flock 9
if command -v chromium >/dev/null; then
    echo "install-chromium: $(chromium --version 2>/dev/null) is now installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get -o DPkg::Lock::Timeout=900 update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
    install -y --no-install-recommends chromium
