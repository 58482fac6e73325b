#!/usr/bin/env bash
# Build nnbook's sdist and wheel, install the wheel into a throw-away virtual
# environment that holds nothing else, and use it there as a new reader would.
#
#   tools/smoke_wheel.sh              (or: make wheel-smoke)
#
# PYTHON makes the empty venv (default: python3); BUILD_PYTHON runs
# `python -m build` (default: .venv/bin/python, which has `build` from the
# `test` extra). Installing the `cli` extra fetches tqdm from the package index.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
BUILD_PYTHON=${BUILD_PYTHON:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nnbook-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'wheel-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

step "build the sdist and the wheel"
"$BUILD_PYTHON" -m build --outdir "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "python -m build"; }
wheel=$(ls "$WORK"/dist/nnbook-*.whl)
sdist=$(ls "$WORK"/dist/nnbook-*.tar.gz)
echo "$(basename "$wheel")  $(basename "$sdist")"

step "the wheel holds the nnbook package, its licenses and metadata, nothing else"
"$PYTHON" - "$wheel" "$sdist" <<'EOF'
import sys, tarfile, zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
info = next(name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info"))
strays = [name for name in names if not name.startswith(("nnbook/", info + "/"))]
assert not strays, f"files outside the package: {strays}"
for needed in ("nnbook/__init__.py", "nnbook/cli.py", "nnbook/persistence.py", "nnbook/py.typed",
               f"{info}/licenses/LICENSE", f"{info}/licenses/LICENSE-BOOK", f"{info}/entry_points.txt"):
    assert needed in names, f"{needed} is missing from the wheel"
assert not any(name.endswith((".pyc", ".orig", ".rej")) or "__pycache__" in name for name in names)
# The book's own code (chapter figures, faulty passes, demonstrations) stays out.
for book_only in ("nnbook/faulty.py", "nnbook/speed.py", "nnbook/landscape.py",
                  "support/figures.py"):
    assert not any(name.endswith(book_only) for name in names), book_only
sdist = tarfile.open(sys.argv[2]).getnames()
for needed in ("book/preface.md", "book/support/figures.py", "_toc.yml", "LICENSE-BOOK",
               "tools/tangle.py"):
    assert any(name.endswith("/" + needed) for name in sdist), f"{needed} is missing from the sdist"
print(f"{len(names)} files in the wheel, {len(sdist)} in the sdist: as expected")
EOF

step "install the wheel alone into an empty virtual environment"
"$PYTHON" -m venv "$WORK/venv"
venv="$WORK/venv/bin"
"$venv/python" -m pip install --quiet --disable-pip-version-check "$wheel"
installed=$("$venv/python" -m pip list --format=freeze --disable-pip-version-check | grep -v -E '^(pip|setuptools|wheel)==' || true)
[ "$installed" = "nnbook==$(basename "$wheel" | cut -d- -f2)" ] || fail "expected only nnbook, found: $installed"
echo "$installed"

cd "$WORK"  # away from the source tree, so only the installed copy can be imported

step "import nnbook with no other packages"
version=$("$venv/python" -c 'import nnbook; print(nnbook.__version__)')
expected=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/nnbook/__init__.py")
[ "$version" = "$expected" ] || fail "nnbook.__version__ is $version, the source says $expected"
echo "nnbook.__version__ == $version"
"$venv/nnbook" --version

step "nnbook walkthrough"
"$venv/nnbook" walkthrough | tee walkthrough.txt
for number in 0.9308616 0.192 0.001787254 0.8017873 0.009885435; do
    grep -q -F "$number" walkthrough.txt || fail "the walkthrough does not show $number"
done

step "without tqdm, nnbook train says what to install"
set +e
"$venv/nnbook" train --dataset xor --seed 0 2>no-tqdm.txt
status=$?
set -e
cat no-tqdm.txt
[ "$status" -eq 2 ] && grep -q -F "nnbook[cli]" no-tqdm.txt || fail "expected exit code 2 and a hint to install nnbook[cli]"

step "install the cli extra (tqdm) and train XOR"
"$venv/python" -m pip install --quiet --disable-pip-version-check "$wheel[cli]"
"$venv/nnbook" train --dataset xor --seed 0 --save xor.json 2>progress.txt | tee train.txt
echo "(the progress bar's last state: $(tr '\r' '\n' <progress.txt | grep -a 'epoch' | tail -n 1))"
grep -q -F "2000/2000" progress.txt || fail "no tqdm progress bar"
grep -q -F "Correct: 4 of 4 (100%)" train.txt || fail "XOR was not solved"
[ "$(grep -c ' right$' train.txt)" -eq 4 ] || fail "expected four right answers"

step "python -m nnbook predict with the saved network"
"$venv/python" -m nnbook predict --load xor.json 0 0 0 1 1 0 1 1 | tee predict.txt
[ "$(grep -c -- ' -> ' predict.txt)" -eq 5 ] || fail "expected four predictions"

step "wheel-smoke: all good"
