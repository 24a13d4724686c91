"""Glosses chosen in context (qa/answering/context_gloss.py): before/after in one run.

    nice -n 15 .venv/bin/python -m bench.context_gloss            # newsdev English questions
    nice -n 15 .venv/bin/python -m bench.context_gloss FILE INDEX --limit 500

Runs ``evaluate()`` with the mechanism off, then on (same code, same index), prints both
reports, and the added milliseconds per English question (median of ``choose()`` calls,
warm: word vectors cached across questions as in a server).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.answering import context_gloss
from qa.evaluate import evaluate, format_report, read_questions


def _timed_choose() -> list[float]:
    """Wrap ``context_gloss.choose`` to record each English call's milliseconds."""
    times: list[float] = []
    inner = context_gloss.choose

    def choose(query: Any, texts: Any) -> Any:
        t = time.perf_counter()
        out = inner(query, texts)
        if query.lang == "en":
            times.append((time.perf_counter() - t) * 1000)
        return out

    context_gloss.choose = choose
    return times


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", help="questions JSONL (default: newsdev, English only)")
    ap.add_argument("index", nargs="?", help="index directory (default: the newsdev bench's)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--margin", type=float, help="override ContextGlossSettings.min_margin")
    ap.add_argument("--en-coverage", type=float, help="override answer.MIN_COVERAGE['en']")
    args = ap.parse_args(argv)
    if args.file:
        qs, index = read_questions(Path(args.file)), args.index
    else:
        from bench.newsdev import NEWSDEV, build

        root, _ = build("newsdev", [NEWSDEV / "pages"])
        qs = [q for q in read_questions(NEWSDEV / "questions.jsonl") if q.lang == "en"]
        index = str(root)
    qs = qs[: args.limit] if args.limit else qs
    if args.en_coverage is not None:
        import importlib

        importlib.import_module("qa.answering.answer").MIN_COVERAGE["en"] = args.en_coverage
    if args.margin is not None:
        context_gloss.S = replace(context_gloss.S, min_margin=args.margin)
    times = _timed_choose()
    for on in (False, True):
        context_gloss.ENABLED = on
        times.clear()
        rep = evaluate(qs, index=index, k=5)
        print(f"## context glosses {'on' if on else 'off'} ({len(qs)} questions)\n")
        print(format_report(rep) + "\n")
    if times:
        print(
            f"context_gloss.choose: median {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms over {len(times)} English calls"
        )


if __name__ == "__main__":
    main()
