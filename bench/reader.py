"""Reader latency: ``ask()`` on the seed questions with the span ranker and with the rules
alone, interleaved in one run (the rules are the baseline), medians of 3 rounds.

    .venv/bin/python -m bench.reader          → bench/out/reader.json
"""

from __future__ import annotations

import importlib
import json
import statistics
import time
from pathlib import Path

from qa.answering import answer
from qa.answering.ranker import load_ranker
from qa.api import get_retriever
from qa.evaluate import read_questions
from qa.index.build import build_index
from qa.index.store import current_generation
from qa.ingest.files import ingest_paths
from qa.query import make_query

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def _answer_ms(r, text: str, use_model: bool) -> float:
    """Milliseconds of the answer step alone (query and retrieval done before timing)."""
    mod = importlib.import_module("qa.answering.answer")  # the package re-exports answer()

    q = make_query(text, r)
    hits = r.search(q, 20)
    original = mod.load_ranker
    if not use_model:
        mod.load_ranker = lambda: None
    try:
        t = time.perf_counter()
        answer(q, hits, r.articles, k=5)
        return (time.perf_counter() - t) * 1000
    finally:
        mod.load_ranker = original


def main() -> None:
    root = OUT / "index-seeds"
    if current_generation(root) is None:
        build_index(root, ingest_paths([ROOT / "seeds"]).articles)
    r = get_retriever(root)
    qs = [q.question for q in read_questions(ROOT / "seeds" / "questions.jsonl")]
    model = load_ranker()
    times: dict[str, list[float]] = {"rules": [], "ranker": []}
    for _ in range(3):
        for text in qs:
            times["rules"].append(_answer_ms(r, text, False))
            if model is not None:
                times["ranker"].append(_answer_ms(r, text, True))
    res = {
        k: {
            "p50_ms": round(statistics.median(v), 2),
            "p95_ms": round(sorted(v)[int(0.95 * (len(v) - 1))], 2),
        }
        for k, v in times.items()
        if v
    }
    res["model"] = model.version if model else None
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reader.json").write_text(json.dumps(res, indent=1))
    print(json.dumps(res))


if __name__ == "__main__":
    main()
