"""The ``qa`` command: ingest, articles, search, ask, eval, serve.

Errors in user input become one line on stderr: exit code 2 for usage errors (bad question,
bad option), 1 when the work itself failed (no index, nothing could be ingested).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from qa.cli.checks import check_args
from qa.errors import InputError, QAError

log = logging.getLogger("qa")
INGEST_HELP = (
    "add newspaper pages (.txt, .pdf, scans .png/.jpg/.tif) or corpora (.jsonl) to the index"
)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit code 2), not usage text + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _ingest_args(c: argparse.ArgumentParser) -> None:
    c.add_argument(
        "paths",
        nargs="*",
        help="files or directories (walked recursively): page text (.txt), newspaper PDFs "
        "(.pdf: the text layer, OCR for scanned pages), page scans (.png .jpg .jpeg .tif "
        ".tiff: OCR) and corpora (.jsonl)",
    )
    c.add_argument("--year", type=int, help="year of pages whose text gives none")
    c.add_argument("--encoders", help="comma-separated dense encoders (default: e5,use)")
    c.add_argument("--no-progress", action="store_true",
                   help="no progress (pages done, pages/min, ETA; encoding bar)")  # fmt: skip
    c.add_argument(
        "--rebuild",
        action="store_true",
        help="re-index the stored articles (and PATHs) afresh with the current "
        "settings: repairs a damaged index without the original files",
    )
    c.add_argument(
        "--store",
        metavar="URI",
        help="write to Milvus instead of the --index directory: milvus:///path/index.db "
        "(Milvus Lite, embedded) or milvus://host:19530 (needs the scale extra)",
    )
    c.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="parse, chunk and encode on a Ray cluster: auto (the running cluster, or a "
        "local one), local (a new local one) or host:port (needs the scale extra)",
    )


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="qa",
        description="Question answering over a Chinese "
        "newspaper archive, with exact citations. Offline.",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help)
        c.add_argument("--index", help="index directory (default: $QA_INDEX or ./.qa_index) "
                       "or milvus: address")  # fmt: skip
        return c

    _ingest_args(cmd("ingest", INGEST_HELP))

    c = cmd("articles", "list the indexed articles")
    c.add_argument("--json", action="store_true", help="one JSON object per line")

    for name, help in (
        ("search", "ranked passages for a question"),
        ("ask", "answer a question with citations"),
    ):
        c = cmd(name, help)
        c.add_argument("question")
        c.add_argument("-k", type=int, default=5, help="number of results (default 5)")
        c.add_argument("--json", action="store_true", help="machine-readable output")
        if name == "search":
            c.add_argument("--signals", help="restrict to signals, e.g. bm25 or e5,use")
        else:
            c.add_argument("--history", action="append", default=[], metavar="QUESTION",
                           help="an earlier question of the conversation (repeat, oldest "
                           "first): 那次会议 / it / 他 / 还有吗 refer to it")  # fmt: skip

    c = cmd("eval", "evaluate on a questions file (JSONL)")
    c.add_argument("file")
    c.add_argument("--json", action="store_true", help="print the JSON report")
    c.add_argument("--out", help="also write the JSON report to this file")
    c.add_argument("--limit", type=int, help="only the first N questions")
    c.add_argument("-k", type=int, default=5, help="citations per answer (default 5)")

    c = cmd("serve", "start the chat UI")
    c.add_argument("--host", default="127.0.0.1")
    c.add_argument("--port", type=int, default=7860)
    c.add_argument("--auth", help="user:password required to open the page (logins throttled)")
    c.add_argument("--max-upload-mb", type=float, help="largest uploaded file in MB (default 2)")
    c.add_argument("--ingest-timeout", type=float, help="seconds an upload may take (default 600)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``qa`` script; returns the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from qa.cli import commands

    try:
        check_args(args)
        return getattr(commands, f"cmd_{args.cmd}")(args)
    except InputError as e:
        print(f"qa {args.cmd}: {e}", file=sys.stderr)
        return 2
    except QAError as e:
        print(f"qa {args.cmd}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"qa {args.cmd}: interrupted; the index is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug or a state we did not foresee: one line, details with -v
        log.debug("unexpected error", exc_info=True)
        print(
            f"qa {args.cmd}: unexpected {type(e).__name__}: {e} (run with -v for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
