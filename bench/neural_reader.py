"""Neural reader latency: whole ``ask()`` on the seed questions with ``NEWSQA_READER=ranker``
(the baseline) and ``neural``, interleaved per question in one run, 3 rounds (the first, a
warm-up, is dropped); medians and p95. Also the answer step alone for both.

    .venv/bin/python -m bench.neural_reader      → bench/out/neural_reader.json
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from qa.api import ask, get_retriever
from qa.evaluate import read_questions
from qa.index.build import build_index
from qa.index.store import current_generation
from qa.ingest.files import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MODES = ("ranker", "neural")


def _ask_ms(text: str, root: Path, mode: str) -> float:
    os.environ["NEWSQA_READER"] = mode
    t = time.perf_counter()
    ask(text, index=str(root))
    return (time.perf_counter() - t) * 1000


def _stats(v: list[float]) -> dict[str, float]:
    s = sorted(v)
    return {
        "p50_ms": round(statistics.median(s), 1),
        "p95_ms": round(s[int(0.95 * (len(s) - 1))], 1),
    }


def main() -> None:
    root = OUT / "index-seeds"
    if current_generation(root) is None:
        build_index(root, ingest_paths([ROOT / "seeds"]).articles)
    get_retriever(root)
    qs = [q.question for q in read_questions(ROOT / "seeds" / "questions.jsonl")]
    times: dict[str, list[float]] = {m: [] for m in MODES}
    for rnd in range(3):
        for text in qs:
            for m in MODES:
                ms = _ask_ms(text, root, m)
                if rnd:
                    times[m].append(ms)
    res = {m: _stats(v) for m, v in times.items()}
    res["questions"] = len(qs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "neural_reader.json").write_text(json.dumps(res, indent=1))
    print(json.dumps(res))


if __name__ == "__main__":
    main()
