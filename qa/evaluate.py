"""``qa eval``: run ``ask()`` over a questions file and score retrieval, answers, abstention.

Questions are JSONL ``{"id","question","answers":[str...],"articles":[...]}``; ``answers: []``
means the archive has no answer. An ``articles`` entry matches an article by id, or by title
(equal after normalisation, or contained in the article's title + subtitle).

The newsdev format adds ``type``, ``lang``, ``page`` (a file name or a list), ``all`` (items a
full answer must name), ``history`` (id(s) of the earlier question a follow-up depends on) and
``expected`` (是/否 of a yes_no question). Scoring rules: :mod:`qa.eval_scoring`. With types
present the report adds ``per_type``, ``per_lang``, ``follow_up`` and
``answer.accuracy_short`` (the same rules applied to the short answer alone, without the
reply text that quotes the evidence).
"""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.eval_scoring import (
    Question,
    article_matches,
    char_f1,
    hit_rank,
    is_correct,
    items_named,
    norm,
)

__all__ = [
    "Question",
    "article_matches",
    "char_f1",
    "evaluate",
    "format_report",
    "hit_rank",
    "norm",
    "read_questions",
]

_LISTS = ("answers", "articles", "all", "history")


def _strings(d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    v = d.get(key)
    if v is None or v == "":
        return ()
    if isinstance(v, str) and key in ("history", "page"):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise InputError(f"{where}: field '{key}' must be a list of strings, got {v!r}")
    return tuple(v)


def _question(d: Any, where: str, n: int) -> Question:
    if not isinstance(d, dict) or not isinstance(d.get("question"), str):
        raise InputError(f"{where}: needs a string field 'question'")
    for key in ("type", "lang", "expected"):
        if not isinstance(d.get(key, ""), str):
            raise InputError(f"{where}: field '{key}' must be a string, got {d[key]!r}")
    lists = {k: _strings(d, k, where) for k in _LISTS}
    return Question(
        str(d.get("id", n)),
        d["question"],
        lists["answers"],
        lists["articles"],
        type=d.get("type", ""),
        lang=d.get("lang", ""),
        pages=_strings(d, "page", where),
        all=lists["all"],
        history=lists["history"],
        expected=d.get("expected", ""),
    )


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
            out.append(_question(d, f"{path}:{n}", n))
    if not out:
        raise InputError(f"{path}: no questions")
    return out


def _asker(ask: Callable[..., Any]) -> Callable[..., Any]:
    """``ask`` with a ``history=`` list of earlier question texts when it accepts one."""
    try:
        takes = "history" in inspect.signature(ask).parameters
    except (TypeError, ValueError):
        takes = False

    def call(q: Question, history: list[str], **kw: Any) -> Any:
        if takes and history:
            return ask(q.question, history=history, **kw)
        return ask(q.question, **kw)

    return call


def _row(q: Question, ans: Any, ms: float, articles: dict[str, Any]) -> dict[str, Any]:
    rank = hit_rank(q, [c.article_id for c in ans.citations], articles) if q.articles else None
    f1 = max((char_f1(ans.short, a) for a in q.answers), default=0.0) if q.answerable else 0.0
    row = {
        "id": q.id,
        "found": ans.found,
        "short": ans.short,
        "hit_rank": rank,
        "correct": is_correct(q, ans.found, ans.short, ans.text),
        "f1": round(f1, 4),
        "ms": round(ms, 1),
        "_answerable": q.answerable,
        "_has_articles": bool(q.articles),
    }
    if q.type:
        row.update(
            type=q.type,
            lang=q.lang,
            pages=list(q.pages),
            follow_up=bool(q.history),
            correct_short=is_correct(q, ans.found, ans.short, ""),
        )
    if q.all:
        row["items"] = f"{items_named(q.all, ans.short + chr(10) + ans.text)}/{len(q.all)}"
    return row


def evaluate(
    questions: Sequence[Question], *, index: str | None = None, k: int = 10
) -> dict[str, Any]:
    """Run ``ask()`` on every question and build the report (see module docstring).

    A follow-up (``history``) is asked with the earlier questions' texts as ``history=`` when
    ``ask()`` accepts that keyword, else alone.
    """
    from qa.api import ask, get_retriever, warm

    articles = get_retriever(index).articles
    warm(index)  # latency is measured warm
    call = _asker(ask)
    text_of = {q.id: q.question for q in questions}
    rows = []
    for q in questions:
        history = [text_of[h] for h in q.history if h in text_of]
        t = time.perf_counter()
        ans = call(q, history, index=index, k=k)
        rows.append(_row(q, ans, (time.perf_counter() - t) * 1000, articles))
    return _report(rows)


def _share(xs: list[Any], f: Callable[[Any], bool]) -> float:
    return round(sum(1 for x in xs if f(x)) / len(xs), 4) if xs else 0.0


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    i = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[i]


def _retrieval(rows: list[dict[str, Any]]) -> dict[str, float]:
    ret = [r for r in rows if r["_has_articles"]]
    out = {
        f"hit@{k}": _share(ret, lambda r, k=k: r["hit_rank"] is not None and r["hit_rank"] <= k)
        for k in (1, 3, 5)
    }
    out["mrr"] = (
        round(sum(1 / r["hit_rank"] for r in ret if r["hit_rank"]) / len(ret), 4) if ret else 0.0
    )
    return out


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """n, accuracy (answerable) or abstention (unanswerable), article hit@1/@5 of a group."""
    ans = [r for r in rows if r["_answerable"]]
    una = [r for r in rows if not r["_answerable"]]
    ret = _retrieval(rows)
    out: dict[str, Any] = {"n": len(rows), "hit@1": ret["hit@1"], "hit@5": ret["hit@5"]}
    if ans:
        out["accuracy"] = _share(ans, lambda r: r["correct"])
    if una:
        out["abstention"] = _share(una, lambda r: not r["found"])
    return out


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    keys = sorted({r[key] for r in rows})
    return {k: _group([r for r in rows if r[key] == k]) for k in keys}


def _report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if r["_answerable"]]
    una = [r for r in rows if not r["_answerable"]]
    ms = [r["ms"] for r in rows]
    rep: dict[str, Any] = {
        "questions": len(rows),
        "answerable": len(ans),
        "unanswerable": len(una),
        "retrieval": _retrieval([r for r in ans if r["_has_articles"]]),
        "answer": {
            "accuracy": _share(ans, lambda r: r["correct"]),
            "f1": round(sum(r["f1"] for r in ans) / len(ans), 4) if ans else 0.0,
            "false_refusals": _share(ans, lambda r: not r["found"]),
        },
        "abstention": {"accuracy": _share(una, lambda r: not r["found"])},
        "latency_ms": {"p50": round(_pct(ms, 50), 1), "p95": round(_pct(ms, 95), 1)},
    }
    typed = [r for r in rows if "type" in r]
    if typed:
        rep["answer"]["accuracy_short"] = _share(
            [r for r in typed if r["_answerable"]], lambda r: r["correct_short"]
        )
        rep["per_type"] = _by(typed, "type")
        rep["per_lang"] = _by(typed, "lang")
        rep["follow_up"] = {str(k).lower(): v for k, v in _by(typed, "follow_up").items()}
    rep["per_question"] = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
    return rep


def _group_table(title: str, groups: dict[str, Any]) -> list[str]:
    def f(g: dict[str, Any], key: str) -> str:
        return f"{g[key]:.3f}" if key in g else "–"

    lines = [
        f"| {title} | n | accuracy | abstention | hit@1 | hit@5 |",
        "|---|---|---|---|---|---|",
    ]
    for name, g in groups.items():
        lines.append(
            f"| {name} | {g['n']} | {f(g, 'accuracy')} | {f(g, 'abstention')} | "
            f"{g['hit@1']:.3f} | {g['hit@5']:.3f} |"
        )
    return lines


def format_report(report: dict[str, Any]) -> str:
    """A short human-readable summary; markdown tables per type, language and follow-up."""
    r, a = report["retrieval"], report["answer"]
    lines = [
        f"questions {report['questions']}  answerable {report['answerable']}  "
        f"unanswerable {report['unanswerable']}",
        f"retrieval  hit@1 {r['hit@1']:.3f}  hit@3 {r['hit@3']:.3f}  hit@5 {r['hit@5']:.3f}  "
        f"mrr {r['mrr']:.3f}",
        f"answer     accuracy {a['accuracy']:.3f}  f1 {a['f1']:.3f}  "
        f"false refusals {a['false_refusals']:.3f}"
        + (
            f"  (in the short answer alone {a['accuracy_short']:.3f})"
            if "accuracy_short" in a
            else ""
        ),
        f"abstention accuracy {report['abstention']['accuracy']:.3f}",
        f"latency    p50 {report['latency_ms']['p50']:.1f} ms  p95 {report['latency_ms']['p95']:.1f} ms",
    ]
    for key, title in (("per_type", "type"), ("per_lang", "lang"), ("follow_up", "follow-up")):
        if key in report:
            lines += ["", *_group_table(title, report[key])]
    return "\n".join(lines)
