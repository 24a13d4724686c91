"""docs/BENCHMARKS.md from the JSON results in bench/out/ (whatever has been measured)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGETS = {
    "cmrc2018_dev": (0.97, 0.995),
    "drcd_dev_zhs": (0.94, 0.99),
    "xquad_zh": (0.95, 0.995),
    "xquad_en2zh": (0.80, 0.96),
}


def _load(name: str) -> Any:
    p = OUT / name
    return json.loads(p.read_text()) if p.is_file() else None


def _retrieval(r: dict) -> list[str]:
    rows = [
        "## Retrieval: article hit@1 / hit@5 (`python -m bench.retrieval`)",
        "",
        "Each benchmark's corpus.jsonl ingested into its own index, every question asked; an "
        "article is scored by its best passage. All columns measured in the same run.",
        "",
        "| set | questions | BM25 only | e5-small q4 only | USE only | **fused (default)** | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (t1, t5) in TARGETS.items():
        if name not in r:
            continue
        x = r[name]
        cell = {
            k: f"{x[k]['hit@1']:.3f} / {x[k]['hit@5']:.3f}" for k in ("bm25", "e5", "use", "fused")
        }
        rows.append(
            f"| {name} | {x['questions']} | {cell['bm25']} | {cell['e5']} | {cell['use']} | "
            f"**{cell['fused']}** | {t1} / {t5} |"
        )
    return rows


def _qa_table(title: str, reports: dict) -> list[str]:
    rows = [
        title,
        "",
        "| set | questions | hit@1 | hit@5 | MRR | answer accuracy | answer F1 | "
        "false refusals | abstention acc. | p50 / p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, x in reports.items():
        r, a = x["retrieval"], x["answer"]
        abst = f"{x['abstention']['accuracy']:.3f}" if x["unanswerable"] else "–"
        rows.append(
            f"| {name} | {x['questions']} ({x['unanswerable']} unanswerable) | {r['hit@1']:.3f} | "
            f"{r['hit@5']:.3f} | {r['mrr']:.3f} | {a['accuracy']:.3f} | {a['f1']:.3f} | "
            f"{a['false_refusals']:.3f} | {abst} | "
            f"{x['latency_ms']['p50']:.0f} / {x['latency_ms']['p95']:.0f} |"
        )
    return rows


def _speed(s: dict) -> list[str]:
    e, i = s["encoders"], s["ingest"]
    rows = [
        "## Speed (`make bench`, medians of 3 runs)",
        "",
        "| encoder (≈200-char passages) | package as shipped | ours | speed-up |",
        "|---|---|---|---|",
        f"| USE-multilingual v3 | {e['use_package']:.1f}/s (`USE().encode`) | {e['use_ours']:.1f}/s | "
        f"{e['use_ours'] / e['use_package']:.1f}× (cosine ≥ {e['use_cosine_min']:.5f}) |",
        f"| e5-small q4 | {e['e5_package']:.1f}/s (`E5().passage`) | {e['e5_ours']:.1f}/s | "
        f"{e['e5_ours'] / e['e5_package']:.1f}× |",
        "",
        f"Ingest stages: page segmentation {i['segmentation_mb_s']:.1f} MB/s of page text; "
        f"on {i['passages']} passages: tokenising {i['tokenize_passages_s']:.0f} passages/s, "
        f"BM25 build {i['bm25_build_passages_s']:.0f}/s, FAISS flat build "
        f"{i['faiss_flat_build_passages_s']:.0f}/s. Encoding bounds the whole ingest: both "
        f"encoders together give ≈{1 / (1 / e['use_ours'] + 1 / e['e5_ours']):.1f} passages/s.",
        "",
        "### Query (`ask()`, warm; Chinese and English questions)",
        "",
        "| passages | cold start s | ask p50 / p95 ms | encode+FAISS e5 / USE p50 ms | BM25 p50 ms | fusion p50 ms | "
        "extraction p50 ms | BM25-only / dense-only search p50 ms | QPS 1 / 8 callers | RSS / peak MB | disk MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, q in s["query"].items():
        st = q["stages_p50_ms"]
        rows.append(
            f"| {int(n):,} | {q['load_s']:.1f} | {q['ask_p50_ms']:.0f} / {q['ask_p95_ms']:.0f} | "
            f"{st.get('dense_e5', 0):.0f} / {st.get('dense_use', 0):.0f} | {st.get('bm25', 0):.1f} | "
            f"{st.get('fusion', 0):.1f} | {st.get('extraction', 0):.1f} | "
            f"{q['bm25_only_p50_ms']:.1f} / {q['dense_only_p50_ms']:.0f} | "
            f"{q['qps_1']:.1f} / {q['qps_8']:.1f} | {q['rss_mb']:.0f} / {q.get('peak_rss_mb', 0):.0f} | "
            f"{q['disk_mb']:.0f} |"
        )
    a = s.get("ann")
    if a:
        rows += [
            "",
            f"Exact vs approximate at the largest size (e5 vectors): flat {a['flat_ms']:.2f} ms/query, "
            f"HNSW {a['hnsw_ms']:.2f} ms/query at recall@10 {a['hnsw_recall@10']:.3f} against exact "
            f"(HNSW build {a['hnsw_build_s']:.0f} s).",
        ]
    rows += [
        "",
        "Scale indexes hold synthetic articles recombined from the benchmarks' real sentences "
        "(BM25 is real); their dense vectors are mixtures of real passage vectors, because encoding "
        "100k passages takes hours here — FAISS and fusion cost depend on count and dimension, not "
        "meaning. Latency is bound by encoding the question (e5 ≈ 15–25 ms, USE ≈ 10 ms on 2 cores), "
        "not by search.",
    ]
    return rows


def write_report() -> Path:
    """Write docs/BENCHMARKS.md from what bench/out holds."""
    parts = ["# Benchmarks", ""]
    speed = _load("speed.json")
    parts += [
        f"Machine: {speed['machine'] if speed else '2 cores (see bench/run.py)'}. "
        f"Written {time.strftime('%Y-%m-%d')} by `bench/report.py`.",
        "",
    ]
    if r := _load("retrieval.json"):
        parts += _retrieval(r) + [""]
    if s := _load("seeds_eval.json"):
        parts += _qa_table("## Answers on the seed pages (`qa eval`)", s) + [
            "",
            "`heldout` was written with other phrasings and kept out of development until a "
            "first measurement (accuracy .65, abstention .80); the general fixes that followed "
            "were checked on both sets.",
            "",
        ]
    if a := _load("answers.json"):
        parts += _qa_table(
            "## End-to-end answers on the shared benchmarks (`qa eval`, first 500 questions each)",
            a,
        ) + [
            "",
            "What limits F1: the extractor returns a typed span (person, date, number, place, "
            "organisation, list, 《》) and these benchmarks ask many 'what/why/how' questions whose "
            "gold answer is a free phrase; such questions fall back to the closest quoted span or are "
            "refused, which costs recall. Retrieval is not the bottleneck (hit@5 ≥ .99 on the "
            "Chinese sets).",
            "",
        ]
    if speed:
        parts += _speed(speed)
    path = ROOT / "docs" / "BENCHMARKS.md"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_report())
