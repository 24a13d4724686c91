"""``qa eval``: run ``ask()`` over a questions file and score retrieval, answers, abstention.

Questions are JSONL ``{"id","question","answers":[str...],"articles":[...]}``; ``answers: []``
means the archive has no answer. An ``articles`` entry matches an article by id, or by title
(equal after normalisation, or contained in the article's title + subtitle).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.records import Article

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: tuple[str, ...]
    articles: tuple[str, ...]


def read_questions(path: Path) -> list[Question]:
    """Parse a questions file; InputError names the file and line of a bad row."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: not JSON ({e.msg})") from e
            if not isinstance(d, dict) or not isinstance(d.get("question"), str):
                raise InputError(f"{path}:{n}: needs a string field 'question'")
            out.append(Question(str(d.get("id", n)), d["question"],
                                tuple(d.get("answers") or ()), tuple(d.get("articles") or ())))
    if not out:
        raise InputError(f"{path}: no questions")
    return out


def norm(text: str) -> str:
    """NFKC, whitespace removed, lower-case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def char_f1(pred: str, gold: str) -> float:
    """CMRC-style character F1 (punctuation and whitespace removed)."""
    p = list(_PUNCT.sub("", norm(pred)))
    g = list(_PUNCT.sub("", norm(gold)))
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def article_matches(entry: str, article: Article | None, article_id: str) -> bool:
    """Does a gold ``articles`` entry denote this article?"""
    if entry == article_id:
        return True
    if article is None:
        return False
    e = norm(entry)
    return bool(e) and (e == norm(article.title) or e in norm(article.title + article.subtitle))


def hit_rank(q: Question, article_ids: Sequence[str], articles: dict[str, Article]) -> int | None:
    """1-based rank of the first gold article among distinct ``article_ids`` (first 10)."""
    distinct: list[str] = []
    for a in article_ids:
        if a not in distinct:
            distinct.append(a)
    for rank, aid in enumerate(distinct[:10], 1):
        if any(article_matches(e, articles.get(aid), aid) for e in q.articles):
            return rank
    return None


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    i = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[i]


def evaluate(questions: Sequence[Question], *, index: str | None = None, k: int = 10
             ) -> dict[str, Any]:
    """Run ``ask()`` on every question and build the report (see module docstring)."""
    from qa.api import ask, get_retriever, warm

    articles = get_retriever(index).articles
    warm(index)  # latency is measured warm
    rows = []
    for q in questions:
        t = time.perf_counter()
        ans = ask(q.question, index=index, k=k)
        ms = (time.perf_counter() - t) * 1000
        pred = ans.short or ans.text
        answerable = bool(q.answers)
        rank = hit_rank(q, [c.article_id for c in ans.citations], articles) if q.articles else None
        correct = answerable and any(norm(a) in norm(pred) for a in q.answers if norm(a))
        f1 = max((char_f1(ans.short, a) for a in q.answers), default=0.0) if answerable else 0.0
        rows.append({"id": q.id, "found": ans.found, "short": ans.short, "hit_rank": rank,
                     "correct": bool(correct), "f1": round(f1, 4), "ms": round(ms, 1),
                     "_answerable": answerable, "_has_articles": bool(q.articles)})
    return _report(rows)


def _report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if r["_answerable"]]
    una = [r for r in rows if not r["_answerable"]]
    ret = [r for r in ans if r["_has_articles"]]

    def share(xs: list[Any], f: Any) -> float:
        return round(sum(1 for x in xs if f(x)) / len(xs), 4) if xs else 0.0

    ms = [r["ms"] for r in rows]
    return {
        "questions": len(rows), "answerable": len(ans), "unanswerable": len(una),
        "retrieval": {
            **{f"hit@{k}": share(ret, lambda r, k=k: r["hit_rank"] is not None and r["hit_rank"] <= k)
               for k in (1, 3, 5)},
            "mrr": round(sum(1 / r["hit_rank"] for r in ret if r["hit_rank"]) / len(ret), 4)
            if ret else 0.0,
        },
        "answer": {
            "accuracy": share(ans, lambda r: r["correct"]),
            "f1": round(sum(r["f1"] for r in ans) / len(ans), 4) if ans else 0.0,
            "false_refusals": share(ans, lambda r: not r["found"]),
        },
        "abstention": {"accuracy": share(una, lambda r: not r["found"])},
        "latency_ms": {"p50": round(_pct(ms, 50), 1), "p95": round(_pct(ms, 95), 1)},
        "per_question": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
    }


def format_report(report: dict[str, Any]) -> str:
    """A short human-readable table of the report."""
    r, a = report["retrieval"], report["answer"]
    lines = [
        f"questions {report['questions']}  answerable {report['answerable']}  "
        f"unanswerable {report['unanswerable']}",
        f"retrieval  hit@1 {r['hit@1']:.3f}  hit@3 {r['hit@3']:.3f}  hit@5 {r['hit@5']:.3f}  "
        f"mrr {r['mrr']:.3f}",
        f"answer     accuracy {a['accuracy']:.3f}  f1 {a['f1']:.3f}  "
        f"false refusals {a['false_refusals']:.3f}",
        f"abstention accuracy {report['abstention']['accuracy']:.3f}",
        f"latency    p50 {report['latency_ms']['p50']:.1f} ms  p95 {report['latency_ms']['p95']:.1f} ms",
    ]
    return "\n".join(lines)
