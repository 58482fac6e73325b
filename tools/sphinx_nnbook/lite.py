"""The in-browser Python of the HTML book: a JupyterLite site served by the book itself.

Before jupyterlite-sphinx runs `jupyter lite build` (at the end of an HTML build),
`prepare_lite_dir` lays out its input folder, `_build/lite-src/`:

- `static/pyodide/`: Pyodide from its npm package (tools/web, installed by `make`),
  the pure-Python wheels of tools/lite/pyodide-wheels.txt (downloaded by pip with
  their hashes checked), the nnbook wheel built from this very source tree, and a
  `pyodide-lock.json` that lists exactly these wheels. So `import nnbook` in a
  console loads this nnbook, and nothing is fetched from anywhere else.
- `jupyter-lite.json`, `jupyter_lite_config.json`: copied from tools/lite/; the first
  turns off the kernel's fallback to the Python Package Index.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

TOOLS = Path(__file__).resolve().parent.parent
NPM_PYODIDE = TOOLS / "web" / "node_modules" / "pyodide"
LITE_CONFIG = TOOLS / "lite"
WHEELS_TXT = LITE_CONFIG / "pyodide-wheels.txt"

# The files of Pyodide's npm package that the browser loads; the rest are type
# declarations, source maps and a demo page.
PYODIDE_RUNTIME = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)

# Where Pyodide runs: its markers decide which requirements of a wheel apply there.
PYODIDE_MARKERS = {
    **default_environment(),
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


class LiteSetupError(RuntimeError):
    """Something the in-browser Python needs is missing or inconsistent."""


def npm_pyodide_version() -> str:
    """The version of Pyodide installed from npm into tools/web/node_modules."""
    package_json = NPM_PYODIDE / "package.json"
    if not package_json.is_file():
        raise LiteSetupError(
            f"{package_json} is missing: the HTML book serves Pyodide from its npm "
            "package. Run `make web-deps` (npm ci in tools/web) first."
        )
    version: str = json.loads(package_json.read_text())["version"]
    return version


def download_wheels(cache: Path) -> list[Path]:
    """The wheels of tools/lite/pyodide-wheels.txt, downloaded by pip into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "--only-binary=:all:",
            "--implementation",
            "py",
            "--python-version",
            "3.14",
            "--platform",
            "any",
            "--requirement",
            str(WHEELS_TXT),
            "--dest",
            str(cache),
        ],
        check=True,
    )
    wanted = {
        canonicalize_name(Requirement(line.split()[0]).name)
        for line in WHEELS_TXT.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    wheels = [
        w
        for w in sorted(cache.glob("*.whl"))
        if parse_wheel_filename(w.name)[0] in wanted
    ]
    found = {parse_wheel_filename(w.name)[0] for w in wheels}
    if found != wanted or len(wheels) != len(wanted):
        raise LiteSetupError(
            f"expected one wheel each of {sorted(wanted)} in {cache}, found {wheels}"
        )
    return wheels


def build_nnbook_wheel(source: Path, dest: Path) -> Path:
    """Build the nnbook wheel from the source tree being documented."""
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dest),
            str(source),
        ],
        check=True,
    )
    wheels = sorted(dest.glob("nnbook-*.whl"))
    if len(wheels) != 1:
        raise LiteSetupError(f"expected one nnbook wheel in {dest}, found {wheels}")
    return wheels[0]


def lock_entry(wheel: Path) -> dict[str, object]:
    """The pyodide-lock.json entry of a pure-Python wheel."""
    name, version, _, _ = parse_wheel_filename(wheel.name)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        top_level = sorted(
            {
                n.split("/")[0].removesuffix(".py")
                for n in names
                if not n.split("/")[0].endswith((".dist-info", ".data"))
                and (n.endswith(".py") or "/" in n)
            }
        )
    depends = sorted(
        {
            canonicalize_name(requirement.name)
            for requirement in map(Requirement, metadata.get_all("Requires-Dist") or [])
            if requirement.marker is None
            or requirement.marker.evaluate({**PYODIDE_MARKERS, "extra": ""})
        }
    )
    return {
        "name": name,
        "version": str(version),
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": top_level,
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


def write_lock(pyodide_dir: Path, wheels: list[Path]) -> dict[str, dict[str, object]]:
    """Write pyodide-lock.json: Pyodide's own header, and exactly the given wheels."""
    header = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())["info"]
    packages = {str(entry["name"]): entry for entry in map(lock_entry, wheels)}
    for name, entry in packages.items():
        missing = [d for d in entry["depends"] if d not in packages]  # type: ignore[attr-defined]
        if missing:
            raise LiteSetupError(
                f"{name} needs {missing} in Pyodide, which "
                "tools/lite/pyodide-wheels.txt does not list"
            )
    lock = {"info": header, "packages": dict(sorted(packages.items()))}
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    return packages


def prepare_lite_dir(source: Path, lite_dir: Path, wheel_cache: Path) -> None:
    """Lay out the input folder of `jupyter lite build` (see the module's docstring)."""
    npm_pyodide_version()
    if lite_dir.exists():
        shutil.rmtree(lite_dir)
    pyodide_dir = lite_dir / "static" / "pyodide"
    pyodide_dir.mkdir(parents=True)
    for name in ("jupyter-lite.json", "jupyter_lite_config.json"):
        shutil.copy2(LITE_CONFIG / name, lite_dir / name)
    for name in PYODIDE_RUNTIME:
        shutil.copy2(NPM_PYODIDE / name, pyodide_dir / name)
    wheels = download_wheels(wheel_cache)
    wheels.append(build_nnbook_wheel(source, lite_dir / "nnbook-wheel"))
    served = [Path(shutil.copy2(wheel, pyodide_dir / wheel.name)) for wheel in wheels]
    shutil.rmtree(lite_dir / "nnbook-wheel")
    packages = write_lock(pyodide_dir, served)
    if packages["nnbook"]["imports"] != ["nnbook"]:
        raise LiteSetupError(
            f"the nnbook wheel provides {packages['nnbook']['imports']}, not nnbook"
        )
