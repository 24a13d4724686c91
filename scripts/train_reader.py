"""Train the span ranker (``qa/data/reader_model.json``) on public reading-comprehension data.

    python -m scripts.train_reader [--limit N] [--out PATH]      (or: make train-reader)

Data: ``../shared/train`` (DRCD test split in Simplified characters, CMRC 2018 trial; CC BY-SA,
see its README) and the questions of newsdev pages p01–p08 (p09–p12 kept out); never the
evaluation sets in ``../shared/benchmarks``. The training contexts
are ingested as a corpus (BM25 + the USE encoder) and every question is *asked*, so the
candidates and features look like those at answer time. Contexts are split 85/15 by a fixed
hash: the model is fitted on the first part and measured on the held-out part, where each
question is also asked with its own context left out — the negatives that set the refusal
threshold. Deterministic: fixed split, fixed sampling seed, a deterministic solver.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import time
from pathlib import Path

import numpy as np

from qa.answering.answer import MIN_COVERAGE
from qa.answering.candidates import generate
from qa.answering.ranker import MODEL_FILE, Ranker, eligible
from qa.answering.terms import key_terms
from qa.eval_scoring import char_f1
from qa.index.build import build_index
from qa.index.store import current_name, load_index
from qa.ingest import ingest_paths
from qa.ingest.files import corpus_article
from qa.query import make_query
from qa.records import Article
from qa.retrieval import Retriever
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "train"
FILES = ("drcd_test_zhs.jsonl", "cmrc2018_trial.jsonl")
NEWSDEV = ROOT.parent / "shared" / "newsdev"
# newsdev pages whose questions join the training data (p09–p12 stay out, to measure on)
NEWSDEV_TRAIN_PAGES = tuple(f"p{i:02d}.txt" for i in range(1, 9))
NEWS_WEIGHT = 5.0  # a newspaper question counts as five encyclopedia ones
SEED = 13
MODEL_TYPES: tuple[str, ...] = ()  # question types the model answers even when the rules can
NEGATIVES = 40  # sampled non-answer candidates kept per question (plus the 20 best by rule)
log = logging.getLogger("train_reader")


def held_out(context_id: str) -> bool:
    """The fixed 15 % of contexts kept out of fitting."""
    return int(hashlib.sha1(context_id.encode()).hexdigest()[:8], 16) % 100 < 15


def read_rows(limit: int | None) -> list[dict]:
    rows = []
    for name in FILES:
        with open(TRAIN / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    random.Random(SEED).shuffle(rows)
    return rows[:limit] if limit else rows


def newsdev_rows() -> tuple[list[Article], list[dict]]:
    """Articles and answerable-or-not questions of the newsdev pages used for training."""
    pages = [NEWSDEV / "pages" / p for p in NEWSDEV_TRAIN_PAGES]
    arts = ingest_paths(pages).articles
    rows = []
    with open(NEWSDEV / "questions.jsonl", encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            page = q["page"] if isinstance(q["page"], str) else q["page"][0]
            if page in NEWSDEV_TRAIN_PAGES and not q.get("history"):
                rows.append(
                    {
                        "question": q["question"],
                        "context_id": None,
                        "id": q["id"],
                        "answers": [{"text": a} for a in q["answers"]],
                    }
                )
    return arts, rows


def train_index(rows: list[dict], news: list[Article], root: Path) -> Retriever:
    """The training contexts (people extracted as at ingest) and the newsdev training pages
    as one index (built once, reused while it exists)."""
    if current_name(root) is None:
        ctx = {r["context_id"]: r for r in rows if r["context_id"]}
        arts = [
            corpus_article({"id": k, "title": r["title"], "text": r["context"]}, "train", i)
            for i, (k, r) in enumerate(ctx.items())
        ]
        build_index(root, [*arts, *news], encoders=["use"], settings=Settings(), progress=True)
    return Retriever(load_index(root))


def question_rows(r: Retriever, row: dict, *, leave_out: bool) -> tuple[str, list, list[float]]:
    """Candidates of one question (own context left out when asked) and their label F1."""
    q = make_query(row["question"], r)
    hits = r.search(q, 20)
    if leave_out:
        hits = [h for h in hits if h.passage.article_id != row["context_id"]]
    cands = generate(
        q, hits, r.articles, key_terms(q), min_coverage=MIN_COVERAGE[q.lang], wide=True
    )
    golds = [a["text"] for a in row["answers"]]
    f1: list[float] = []
    if not golds:
        return q.qtype, cands, [0.0] * len(cands)
    for c in cands:
        span = r.articles[c.hit.passage.article_id].text[c.span_start : c.span_end]
        own = row["context_id"] in (None, c.hit.passage.article_id)
        f1.append(max(char_f1(span, g) for g in golds) if own else 0.0)
    return q.qtype, cands, f1


def sample(qtype: str, cands: list, f1: list[float], rng: random.Random) -> list[tuple[int, bool]]:
    """All positives, the 20 best non-answers by rule score among the candidates the model may
    choose (:func:`eligible`) and among all, and NEGATIVES random others; each index with
    whether it is eligible."""
    ok = set(eligible(qtype, cands))
    pos = [i for i, v in enumerate(f1) if v >= 0.8]
    neg = sorted((i for i, v in enumerate(f1) if v < 0.8), key=lambda i: -cands[i].score)
    hard = list(dict.fromkeys([i for i in neg if i in ok][:20] + neg[:20]))
    rest = [i for i in neg if i not in set(hard)]
    picked = pos + hard + rng.sample(rest, min(NEGATIVES, len(rest)))
    return [(i, i in ok) for i in picked]


def collect(r: Retriever, rows: list[dict]) -> tuple[list, list, list]:
    """(fit rows, held-out questions, held-out left-out questions) of candidates + labels."""
    rng = random.Random(SEED)
    fit, test, test_neg = [], [], []
    t0 = time.perf_counter()
    for n, row in enumerate(rows, 1):
        qtype, cands, f1 = question_rows(r, row, leave_out=False)
        if row["context_id"] and held_out(row["context_id"]):
            test.append((qtype, cands, f1))
            test_neg.append(question_rows(r, row, leave_out=True))
        elif cands:
            weight = NEWS_WEIGHT if row["context_id"] is None else 1.0
            fit += [
                (cands[i].features, f1[i], weight, ok) for i, ok in sample(qtype, cands, f1, rng)
            ]
        if n % 500 == 0:
            log.info("%d/%d questions (%.0f s)", n, len(rows), time.perf_counter() - t0)
    return fit, test, test_neg


def fit(rows: list, names: list[str]) -> Ranker:
    """Standardise, then an L2 logistic regression (lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[f.get(n, 0.0) for n in names] for f, _, _, _ in rows])
    y = np.array([v >= 0.8 for _, v, _, _ in rows], dtype=int)
    w = np.array([wt for _, _, wt, _ in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=0.3, max_iter=3000)
    lr.fit((x - mean) / scale, y, sample_weight=w)
    log.info("fitted on %d candidates (%d positive), %d features", len(y), y.sum(), len(names))
    return Ranker(
        "", tuple(names), mean, scale, lr.coef_[0].astype(float), float(lr.intercept_[0]), 0.0
    )


def top_f1(model: Ranker | None, qtype: str, cands: list, f1: list[float]) -> tuple[float, float]:
    """(best candidate's probability or rule score, its label F1); (0, 0) with no candidate.
    The model chooses among the :func:`eligible` candidates only, as at answer time."""
    if not cands:
        return 0.0, 0.0
    if model is None:
        s = np.array([c.score for c in cands])
        i = int(np.argmax(s))
        return float(s[i]), f1[i]
    ok = eligible(qtype, cands)
    if not ok:
        return 0.0, 0.0
    s = model.probabilities([cands[i] for i in ok])
    i = int(np.argmax(s))
    return float(s[i]), f1[ok[i]]


def by_type(model: Ranker, test: list) -> dict[str, dict[str, float]]:
    """Held-out mean F1 of the best span, model vs rules, per question type."""
    out = {}
    for qt in sorted({t for t, _, _ in test}):
        rows = [(c, f) for t, c, f in test if t == qt]
        out[qt] = {
            "n": len(rows),
            "rule_f1": float(np.mean([top_f1(None, qt, c, f)[1] for c, f in rows])),
            "model_f1": float(np.mean([top_f1(model, qt, c, f)[1] for c, f in rows])),
        }
    return out


def measure(model: Ranker, test: list, test_neg: list) -> dict:
    """Held-out top-1 F1/exact of the model and the rules, and the refusal curve."""
    rule = [top_f1(None, t, c, f) for t, c, f in test]
    ours = [top_f1(model, t, c, f) for t, c, f in test]
    neg = [top_f1(model, t, c, f)[0] for t, c, f in test_neg]
    curve = []
    for t in np.round(np.arange(0.0, 0.96, 0.05), 2):
        answered = [f for p, f in ours if p >= t and p > 0]
        curve.append(
            {
                "threshold": float(t),
                "false_refusals": 1 - len(answered) / len(ours),
                "f1_all": sum(answered) / len(ours),
                "abstention_left_out": sum(p < t or p == 0 for p in neg) / len(neg),
            }
        )
    return {
        "questions": len(test),
        "rule_f1": float(np.mean([f for _, f in rule])),
        "rule_exact": float(np.mean([f >= 0.999 for _, f in rule])),
        "model_f1": float(np.mean([f for _, f in ours])),
        "model_exact": float(np.mean([f >= 0.999 for _, f in ours])),
        "by_type": by_type(model, test),
        "refusal_curve": curve,
    }


def choose_threshold(curve: list[dict], *, max_false_refusals: float = 0.10) -> float:
    """The highest threshold whose false refusals stay within the bound (more abstention)."""
    ok = [p["threshold"] for p in curve if p["false_refusals"] <= max_false_refusals]
    return max(ok) if ok else 0.0


def train(fit_rows: list, test: list, test_neg: list, names: list[str]) -> dict:
    """Fit on ``fit_rows``, measure held out, and return the model file's contents."""
    model = fit(fit_rows, names)
    report = measure(model, test, test_neg)
    threshold = choose_threshold(report["refusal_curve"])
    digest = hashlib.sha1(json.dumps(model.weights.tolist()).encode()).hexdigest()[:8]
    # held out it beats the rules on every type, but on newspaper questions the rules' typed
    # span was the better choice (seeds: .946 rules, .811 model among typed spans, .919 model
    # for what-questions only): the model chooses only where the rules found nothing
    types = MODEL_TYPES
    model = Ranker(
        f"lr-{digest}",
        model.features,
        model.mean,
        model.scale,
        model.weights,
        model.bias,
        threshold,
        types,
    )
    return {
        **model.to_dict(),
        "trained_on": [*FILES, *(f"newsdev/{p}" for p in NEWSDEV_TRAIN_PAGES)],
        "seed": SEED,
        "fit_candidates": len(fit_rows),
        "held_out": report,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N questions (a quick run)")
    ap.add_argument("--out", type=Path, default=ROOT / "qa" / "data" / MODEL_FILE)
    ap.add_argument("--index", type=Path, default=ROOT / ".cache" / "reader-train-index")
    ap.add_argument(
        "--fit-on",
        choices=("eligible", "all"),
        default="eligible",
        help="fit on the candidates the model may choose at answer time (default), or on all",
    )
    ap.add_argument("--also", action="store_true", help="also write the other --fit-on model")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    rows = read_rows(args.limit)
    news, news_q = newsdev_rows()
    r = train_index(rows, news, args.index)
    fit_rows, test, test_neg = collect(r, rows + news_q)
    names = sorted({n for f, _, _, _ in fit_rows for n in f})
    variants = [args.fit_on] + ([v for v in ("eligible", "all") if v != args.fit_on] * args.also)
    for v in variants:
        chosen = [row for row in fit_rows if v == "all" or row[3]]
        out = {**train(chosen, test, test_neg, names), "fit_on": v}
        path = args.out if v == args.fit_on else args.out.with_suffix(f".{v}.json")
        path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        report = out["held_out"]
        print(json.dumps({k: x for k, x in report.items() if k != "refusal_curve"}, indent=1))
        print(f"{v}: threshold {out['threshold']}; used for {out['types']}; written to {path}")


if __name__ == "__main__":
    main()
