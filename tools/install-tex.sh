#!/usr/bin/env bash
# Install the TeX packages that `make pdf` needs, from Debian's/Ubuntu's archive,
# unless they are already there. About 115 MB and a minute; no 1.4 GB font
# package: the one file we would need from it, bbm.sty, has a stand-in in
# tools/latex/.
#
# `make test` starts this script (and install-chromium.sh) in the background
# first, so the download overlaps the tests; `make pdf` runs it again, which
# waits for that install to finish (a shared lock) and then finds TeX there.
set -euo pipefail

ready() {
    command -v xelatex >/dev/null && command -v latexmk >/dev/null \
        && command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null
}

if ready; then
    echo "install-tex: xelatex, latexmk and poppler-utils are already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "install-tex: no apt-get here; please install TeX Live with XeLaTeX, latexmk," >&2
    echo "  the FreeFont OpenType fonts and poppler-utils (pdftotext, pdfinfo) by hand" >&2
    exit 1
fi

# One apt-get at a time: wait for an install this project started elsewhere.
exec 9>"${TMPDIR:-/tmp}/nnbook-apt.lock"
echo "install-tex: waiting for any other install of this project's packages"
flock 9
if ready; then
    echo "install-tex: xelatex, latexmk and poppler-utils are now installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get -o DPkg::Lock::Timeout=900 update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
    install -y --no-install-recommends \
    texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex \
    latexmk fonts-freefont-otf poppler-utils
