"""``make bench-scale``: xquad_zh in the directory index and in Milvus Lite, side by side.

Ingests the corpus three ways (directory; Milvus Lite; Milvus Lite with encoding on a local
2-worker Ray cluster), then reports article hit@1/hit@5 of the fused retrieval over every
question for both stores, ask() p50/p95 and answer accuracy over the first ``--ask``
questions, and each signal's median cost per question. Writes bench/out/milvus_scale.json.

    .venv/bin/python -m bench.milvus_scale [--ask 200]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from bench.retrieval import article_ranks

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
OUT = ROOT / "bench" / "out"
WORK = OUT / "milvus-scale"


def _ingest(articles: list[Any]) -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Build the three indexes; their addresses and ingest speeds."""
    from qa.index.build import build_index
    from qa.index.milvus_build import build_milvus

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    where = {"directory": str(WORK / "dir"), "milvus": f"milvus://{WORK}/xquad.db"}
    speed: dict[str, dict[str, float]] = {}
    for name, fn in (
        ("directory", lambda: build_index(Path(where["directory"]), articles)),
        ("milvus", lambda: build_milvus(where["milvus"], articles)),
        ("milvus + ray (2 workers)", lambda: _ray(articles, f"milvus://{WORK}/ray.db")),
    ):
        t = time.perf_counter()
        rep = fn()
        s = time.perf_counter() - t
        speed[name] = {"passages": rep.total_passages, "seconds": round(s, 1)}
        speed[name]["passages_per_s"] = round(rep.total_passages / s, 2)
        print(name, speed[name], flush=True)
    return where, speed


def _ray(articles: list[Any], uri: str) -> Any:
    from qa.index.distributed import ray_encode
    from qa.index.milvus_build import build_milvus
    from qa.ingest.distributed import connect_ray

    ray = connect_ray("local", num_cpus=2)
    try:
        ray_encode("local", uri, articles)
    finally:
        ray.shutdown()
    return build_milvus(uri, articles)


def _retrieval(index: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    from qa.api import get_retriever

    r = get_retriever(index)
    ranks, costs = [], {}
    for q in questions:
        tm: dict[str, float] = {}
        hits = r.search(q["question"], 20, timings=tm)
        ranks.append(article_ranks(hits, set(q["articles"])))
        for k, v in tm.items():
            costs.setdefault(k, []).append(v * 1000)
    n = len(ranks)
    return {
        "n": n,
        "hit@1": round(sum(1 for x in ranks if x == 1) / n, 4),
        "hit@5": round(sum(1 for x in ranks if x and x <= 5) / n, 4),
        "ms_per_signal_p50": {k: round(statistics.median(v), 2) for k, v in costs.items()},
    }


def _ask(index: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    from qa.api import ask
    from qa.evaluate import evaluate, read_questions

    ask(questions[0]["question"], index=index)  # warm
    ms = []
    for q in questions:
        t = time.perf_counter()
        ask(q["question"], index=index)
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    path = WORK / "ask_questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions))
    acc = evaluate(read_questions(path), index=index)["answer"]["accuracy"]
    return {
        "n": len(ms),
        "p50_ms": round(ms[len(ms) // 2], 1),
        "p95_ms": round(ms[int(len(ms) * 0.95)], 1),
        "accuracy": round(acc, 4),
    }


def main() -> None:
    from qa.ingest.files import read_corpus

    ap = argparse.ArgumentParser()
    ap.add_argument("--ask", type=int, default=200, help="questions timed through ask()")
    args = ap.parse_args()
    articles, _ = read_corpus(SHARED / "xquad_zh" / "corpus.jsonl")
    lines = (SHARED / "xquad_zh" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(x) for x in lines if x.strip()]
    where, speed = _ingest(articles)
    res: dict[str, Any] = {"ingest": speed}
    for name, index in where.items():
        res[name] = {"retrieval": _retrieval(index, questions)}
        res[name]["ask"] = _ask(index, questions[: args.ask])
        print(name, json.dumps(res[name]), flush=True)
    d, m = res["directory"]["retrieval"], res["milvus"]["retrieval"]
    res["agree_within_0.005"] = all(abs(d[k] - m[k]) <= 0.005 for k in ("hit@1", "hit@5"))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "milvus_scale.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
