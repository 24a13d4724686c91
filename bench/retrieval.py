"""Retrieval quality on the shared benchmarks: BM25-only, each dense encoder, and the fusion.

Ingests each benchmark's corpus.jsonl into its own index under bench/out/ (reused when
present), asks every question, and reports article hit@1 / hit@5 (an article scored by its
best passage). Per-question signal scores of the candidates are saved so fusion weights can be
studied without re-encoding (bench/out/<set>-signals.jsonl).

    .venv/bin/python -m bench.retrieval [--sets xquad_zh,xquad_en2zh] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
OUT = ROOT / "bench" / "out"
SETS = ("cmrc2018_dev", "drcd_dev_zhs", "xquad_zh", "xquad_en2zh")

log = logging.getLogger("bench.retrieval")


def index_for(name: str) -> Path:
    """Build (once) and return the index of a benchmark corpus."""
    from qa.index.build import build_index
    from qa.index.store import current_generation
    from qa.ingest.files import read_corpus

    corpus = "xquad_zh" if name == "xquad_en2zh" else name  # same Chinese paragraphs
    root = OUT / f"index-{corpus}"
    if current_generation(root) is None:
        articles, problems = read_corpus(SHARED / corpus / "corpus.jsonl")
        for p in problems:
            log.warning("%s", p)
        build_index(root, articles, progress=True)
    return root


def article_ranks(hits: list[Any], gold: set[str], depth: int = 10) -> int | None:
    seen: list[str] = []
    for h in hits:
        a = h.passage.article_id
        if a not in seen:
            seen.append(a)
            if a in gold:
                return len(seen)
            if len(seen) >= depth:
                break
    return None


def run_set(name: str, limit: int | None, variants: dict[str, list[str] | None]) -> dict[str, Any]:
    from qa.api import get_retriever

    root = index_for(name)
    r = get_retriever(root)
    lines = (SHARED / name / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    qs = [json.loads(x) for x in lines if x.strip()]
    qs = qs[:limit] if limit else qs
    ranks: dict[str, list[int | None]] = {v: [] for v in variants}
    t0 = time.perf_counter()
    for q in qs:
        gold = set(q["articles"])
        for v, signals in variants.items():
            if signals and any(s != "bm25" and s not in r.data.dense for s in signals):
                continue
            hits = r.search(q["question"], 50, signals=signals)
            ranks[v].append(article_ranks(hits, gold))
    secs = time.perf_counter() - t0
    res: dict[str, Any] = {"questions": len(qs), "seconds": round(secs, 1)}
    for v, rs in ranks.items():
        if rs:
            res[v] = {
                f"hit@{k}": round(sum(1 for x in rs if x and x <= k) / len(rs), 3) for k in (1, 5)
            }
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", default=str(OUT / "retrieval.json"))
    ap.add_argument(
        "--variants",
        default="bm25,e5,use,fused",
        help="re-measure only these (the others are kept from --out)",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    all_variants = {"bm25": ["bm25"], "e5": ["e5"], "use": ["use"], "fused": None}
    variants = {v: all_variants[v] for v in args.variants.split(",")}
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() else {}
    for name in args.sets.split(","):
        results[name] = {**results.get(name, {}), **run_set(name, args.limit, variants)}
        log.info("%s %s", name, json.dumps(results[name]))
        OUT.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
