"""``quizkit serve``: the app in a browser, through textual-serve, one process per browser session.

Each session runs ``quizkit --served`` (the same app, keys and screens), which asks the
trainee for a profile name before opening that profile's history. The server listens on
127.0.0.1 unless ``--host`` says otherwise: anyone who can reach the port can take quizzes under
any name, so exposing it is a deliberate choice, made behind a TLS reverse proxy that
authenticates (docs/serve.md).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.history import paths

LOOPBACK = "127.0.0.1"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve", help="run the app in web browsers (textual-serve), for a class",
        description="Serve the quiz app to web browsers: each browser session is its own quizkit process, and the "
                    "trainee types a profile name first. Listens on 127.0.0.1 by default; put a TLS reverse proxy "
                    "with authentication in front to serve a class (quizkit docs serve). Needs textual-serve "
                    "(pip install 'quizkit[serve]').")
    parser.add_argument("--port", type=int, default=8000, metavar="N", help="TCP port (default: 8000)")
    parser.add_argument("--host", default=LOOPBACK, metavar="ADDRESS",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address browsers use, when behind a reverse proxy (e.g. https://quiz.example.org)")
    paths.add_arguments(parser)
    parser.set_defaults(run=run)


def session_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session: this quizkit, served."""
    words = [sys.executable, "-m", "quizkit", "--served"]
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        words += ["--data-dir", str(Path(data_dir).resolve())]
    for source_id, path in getattr(args, "source_text", []):
        words += ["--source-text", f"{source_id}={Path(path).resolve()}"]
    if getattr(args, "theme", None):
        words += ["--theme", args.theme]
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError("--port takes a number from 1 to 65535")
    if getattr(args, "profile", None):
        raise UsageError("--profile does not apply: each trainee types their own name in the browser")
    try:
        from textual_serve.server import Server
    except ImportError:
        print("quizkit serve: textual-serve is not installed: pip install 'quizkit[serve]'", file=sys.stderr)
        return EXIT_INVALID
    if args.host != LOOPBACK and args.host not in ("localhost", "::1"):
        print(f"quizkit serve: warning: listening on {args.host}: anyone who can reach port {args.port} can take "
              "quizzes under any name and read that profile's history. Put a TLS reverse proxy with authentication "
              "in front (quizkit docs serve).", file=sys.stderr)
    Server(session_command(args), host=args.host, port=args.port, title="quizkit", public_url=args.public_url).serve()
    return EXIT_OK
