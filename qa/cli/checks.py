"""Every ``qa`` argument checked before any work starts; each failure is one InputError line.

Nothing here reads an index or loads a model: ``--encoders bogus`` fails before any file is
tokenised and leaves no directory behind.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qa.errors import InputError
from qa.validate import check_text

ENCODERS_HELP = "e5, use, hash or st:<model name or path>"


def parse_encoders(value: str) -> list[str]:
    """``"e5,use"`` → ``["e5", "use"]``; InputError naming an unknown one and the known ones."""
    from embeddings.registry import is_known

    names = [e.strip() for e in value.split(",")]
    for name in names:
        if not is_known(name):
            raise InputError(f"--encoders: unknown encoder {name!r}; known: {ENCODERS_HELP}")
    if len(set(names)) != len(names):
        raise InputError(f"--encoders: {value!r} names an encoder twice")
    return names


def _nearest_existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_index(value: str | None, *, write: bool) -> None:
    """The index path is a directory (or can become one, writable, when ``write``)."""
    from qa.api import resolve_index  # lazy: `qa --help` must not load numpy

    root = resolve_index(value)
    check_text(str(root), "--index")
    if root.exists() and not root.is_dir():
        raise InputError(f"--index {root} is a file, not an index directory")
    base = _nearest_existing(root)
    if not base.is_dir():
        raise InputError(f"--index {root}: {base} is a file, so no directory can be made there")
    if write and not os.access(base, os.W_OK | os.X_OK):
        raise InputError(f"--index {root}: {base} is not writable; choose another directory")


def check_range(name: str, value: int | float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise InputError(f"{name} must be between {low:g} and {high:g}, got {value:g}")


def check_serve(args: argparse.Namespace) -> None:
    check_range("--port", args.port, 1, 65535)
    if not args.host.strip():
        raise InputError("--host is empty; use 127.0.0.1 (local) or 0.0.0.0 (all interfaces)")
    if args.auth is not None:
        user, sep, password = check_text(args.auth, "--auth").partition(":")
        if not sep or not user or not password:
            raise InputError("--auth must be user:password with both parts non-empty")
    check_range("--max-upload-mb", args.max_upload_mb, 0.001, 1000)
    check_range("--ingest-timeout", args.ingest_timeout, 1, 86400)


def check_args(args: argparse.Namespace) -> None:
    """Raise InputError (one line) for the first bad argument of ``args``."""
    if hasattr(args, "k"):
        check_range("-k", args.k, 1, 1000)
    if getattr(args, "question", None) is not None:
        check_text(args.question, "question")
    check_index(args.index, write=args.cmd == "ingest")
    if args.cmd == "ingest":
        check_range("--year", args.year, 1800, 2200)
        if args.encoders is not None:
            args.encoders = ",".join(parse_encoders(args.encoders))
        if not args.paths and not args.rebuild:
            raise InputError("name at least one file or directory to ingest (or --rebuild)")
        for p in args.paths:
            check_text(p, "path")
            if not Path(p).exists():
                raise InputError(f"{p}: no such file or directory")
    elif args.cmd == "eval":
        check_range("--limit", args.limit, 1, 10**9)
        check_text(args.file, "questions file")
        if not Path(args.file).is_file():
            raise InputError(f"{args.file}: no such questions file")
        if args.out is not None and Path(args.out).is_dir():
            raise InputError(f"--out {args.out} is a directory; name a file")
    elif args.cmd == "serve":
        check_serve(args)
