"""Implementations of the ``qa`` sub-commands (argument parsing lives in ``qa.cli.main``)."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

from qa.api import ask, check_question, get_retriever, resolve_index, warm
from qa.cli.output import print_json
from qa.errors import InputError, QAError
from qa.index.milvus_uri import is_milvus_uri
from qa.index.store import load_index
from qa.ingest.crop import describe_source, record_roots
from qa.ingest.pdf_progress import Progress


def _page_line(p: Progress) -> None:
    """The progress of an ingest on one line of stderr, rewritten after every page."""
    print(f"\r\x1b[Kqa ingest: {p}", end="", file=sys.stderr, flush=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from qa.index.build import build_index
    from qa.ingest.files import ingest_paths, scan_folders
    from qa.settings import DEFAULT

    progress = not args.no_progress and sys.stderr.isatty()
    if args.ray:
        from qa.ingest.distributed import ray_ingest_paths

        result = ray_ingest_paths(args.ray, args.paths, year=args.year)
    else:
        result = ingest_paths(args.paths, year=args.year, progress=_page_line if progress else None)
        if progress:
            print(file=sys.stderr)
    for problem in result.problems:
        print(f"qa ingest: {problem}", file=sys.stderr)
    if not result.articles and not args.rebuild:
        print("qa ingest: no article could be ingested", file=sys.stderr)
        return 1
    encoders = [e.strip() for e in args.encoders.split(",")] if args.encoders else None
    store = args.store or (args.index if is_milvus_uri(args.index) else None)
    root = store or resolve_index(args.index)
    if args.ray:
        from qa.index.distributed import ray_encode

        ray_encode(args.ray, root, result.articles, encoders=encoders, rebuild=args.rebuild)
    if store:
        from qa.index.milvus_build import build_milvus

        build = partial(build_milvus, store)
    else:
        build = partial(build_index, root)
    rep = build(
        result.articles,
        settings=DEFAULT,
        encoders=encoders,
        progress=progress,
        rebuild=args.rebuild,
    )
    if not store:  # where the page crops find the PDFs again
        record_roots(root, result.roots or (scan_folders(args.paths) if args.ray else ()))
    print(
        f"{rep.added_articles} new articles ({rep.added_passages} passages), "
        f"{rep.skipped_articles} already indexed; index {root}: {rep.total_articles} "
        f"articles, {rep.total_passages} passages ({rep.seconds:.1f} s)"
    )
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    if is_milvus_uri(args.index):
        data = get_retriever(args.index).data
    else:
        data = load_index(resolve_index(args.index), with_dense=False)
    for a in data.articles:
        if args.json:
            print_json(
                {
                    "id": a.id,
                    "title": a.title,
                    "subtitle": a.subtitle,
                    "date": a.date,
                    "date_iso": a.date_iso,
                    "source": a.source,
                    "position": a.position,
                    "reporters": list(a.reporters),
                    "correspondents": list(a.correspondents),
                    "people": [{"name": p.name, "title": p.title} for p in a.people],
                    "chars": a.chars,
                }
            )
        else:
            date = a.date_iso or a.date or "-"
            where = describe_source(a.source)
            print(f"{a.id}  {date:<10}  {where}, article {a.position + 1}  {a.title}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    q = check_question(args.question)
    r = get_retriever(args.index)
    signals = [s.strip() for s in args.signals.split(",")] if args.signals else None
    if signals:
        allowed = {"bm25", *r.data.dense}
        bad = [s for s in signals if s not in allowed]
        if bad:
            raise InputError(f"unknown signal(s) {bad}; this index has {sorted(allowed)}")
    hits = r.search(q, args.k, signals=signals)
    rows = []
    for rank, h in enumerate(hits, 1):
        p = h.passage
        rows.append(
            {
                "rank": rank,
                "score": round(h.score, 4),
                "article_id": p.article_id,
                "title": p.title,
                "date": p.date,
                "source": p.source,
                "start": p.start,
                "end": p.end,
                "passage": p.text,
                "signals": {k: round(v, 3) for k, v in h.signals.items()},
            }
        )
    if args.json:
        print_json(rows)
        return 0
    for r_ in rows:
        print(
            f"[{r_['rank']}] {r_['score']:.3f}  {r_['title']}  {r_['date'] or '-'}  "
            f"{describe_source(r_['source'])} [{r_['start']}:{r_['end']}]"
        )
        print(f"    {r_['passage']}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    ans = ask(args.question, index=args.index, k=args.k, history=args.history)
    if args.json:
        print_json(ans.to_dict())
        return 0
    print(ans.text)
    if ans.citations:
        print()
        label = "Sources" if ans.found else "Related"
        print(f"{label}:")
        for c in ans.citations:
            where = describe_source(c.source)
            print(f"[{c.n}] {c.title} ({c.date or '-'}, {where}) [{c.start}:{c.end}]")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from qa.evaluate import evaluate, format_report, read_questions

    questions = read_questions(Path(args.file))
    if args.limit:
        questions = questions[: args.limit]
    report = evaluate(questions, index=args.index, k=args.k)
    if args.out:
        Path(args.out).write_text(
            json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    if args.json:
        print_json(report)
    else:
        print(format_report(report))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from qa.settings import DEFAULT
    from ui.app import serve

    auth = tuple(args.auth.split(":", 1)) if args.auth else None  # checked in qa.cli.checks
    settings = DEFAULT
    if args.max_upload_mb is not None:
        most = int(args.max_upload_mb * 1_000_000)  # a batch takes at least one such file
        settings = replace(
            settings,
            max_upload_bytes=most,
            max_upload_batch_bytes=max(most, settings.max_upload_batch_bytes),
        )
    if args.ingest_timeout is not None:
        settings = replace(settings, ingest_timeout_s=args.ingest_timeout)
    warm(args.index, background=True)  # fail early; English models load while serving
    serve(
        index=args.index if is_milvus_uri(args.index) else str(resolve_index(args.index)),
        host=args.host,
        port=args.port,
        auth=auth,
        settings=settings,
    )
    return 0


__all__ = ["QAError"]
