"""Serve the built HTML book on this computer only: `make serve`, then open the address.

The "Try it" consoles need a web server: browsers do not run JupyterLite (its
workers and WebAssembly) from file:// pages. This one listens on 127.0.0.1 only and
names the types that Pyodide needs (.wasm, .mjs) whatever this system's mimetypes say.

    python tools/serve.py [--port 8000] [--dir _build/html]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".ipynb": "application/x-ipynb+json",
    ".whl": "application/zip",
}


class BookHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}


class QuietBookHandler(BookHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass


def make_server(
    folder: Path, port: int = 0, quiet: bool = False
) -> http.server.ThreadingHTTPServer:
    """A server for `folder` on 127.0.0.1 (port 0: any free port); not yet serving."""
    if not (folder / "index.html").is_file():
        raise SystemExit(
            f"{folder}/index.html does not exist: build the book first (make book)"
        )
    handler = functools.partial(
        QuietBookHandler if quiet else BookHandler, directory=str(folder)
    )
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_in_thread(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving `folder` in a daemon thread; return the server and its address."""
    server = make_server(folder, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dir", type=Path, default=Path("_build/html"))
    args = parser.parse_args()
    server = make_server(args.dir, args.port)
    print(f"The book is at http://127.0.0.1:{args.port}/ (Ctrl+C stops the server)")
    with server:
        server.serve_forever()


if __name__ == "__main__":
    main()
