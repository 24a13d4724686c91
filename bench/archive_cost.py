"""Issue 12: what the people index and the date filter cost per question at 100k passages.

    .venv/bin/python -m bench.archive_cost [--passages 100000]

The scale corpus of :mod:`bench.scale` (real benchmark sentences in synthetic dated
articles), with a lead sentence naming one of 2,000 invented officials in about a third of
the articles, so the people index is of a realistic size. Timed per question (median and p95
over 240 questions of six kinds, each step called as ``ask()`` calls it): reading the dates
and the person from the question (``date_range``, ``find_person``), the archive's own answers
(``archive_answer``: a timeline, titles, a date list), and reordering 20 hits by date and
person (``prefer_dates``, ``prefer_person``, which adds the passages of the person's articles
when no hit names them). The questions carry their words, as ``make_query`` gives them.

Before and after in the same run: each question's archive answer and reordering are timed
with the current code and then with the code before the cost work of 2026-11-29
(:mod:`bench.archive_cost_before`), alternating, so load moves both alike. The per-index
structures (date index, passages by article, the name counter) are built before timing, as a
warm server has them; their build time is printed. Baseline: BM25 scoring alone.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bench.archive_cost_before import Before
from bench.archive_cost_before import printed_count as old_printed_count
from bench.scale import scale_articles
from qa.answering import analyze
from qa.answering.archive import (
    archive_answer,
    prefer_dates,
    prefer_person,
    printed_count,
    warm_archive,
)
from qa.answering.dateindex import date_index
from qa.answering.dates import date_range, latest_date
from qa.answering.timeline import find_person
from qa.index.bm25 import BM25
from qa.index.chunk import chunk_articles
from qa.index.people import build_people, read_people
from qa.ingest.people import extract_people
from qa.records import Hit, Query
from qa.text.tokenize import Tokenizer

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
)
GIVEN = "建国明华志强海军伟平红梅丽英文斌雪峰立新春燕永刚振宇晓东玉兰光辉"
TITLES = ("区委书记", "副区长", "县长", "镇党委书记", "区人大常委会主任", "局长")
ROLES = ("主持召开", "带队调研", "出席", "参加")


def _people(n: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        names.add(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
    return sorted(names)


def corpus(n_passages: int, seed: int = 0) -> tuple[list, list[str]]:
    """Scale articles spread over six years, a third led by "<date>，<title><name><role>…
    会议。"; the names used."""
    rng = random.Random(seed)
    names = _people(2000, rng)
    arts = []
    for a in scale_articles(n_passages, seed):
        a = replace(a, date_iso=f"{rng.randint(2019, 2024)}{a.date_iso[4:]}")
        if rng.random() < 0.35:
            name, title = rng.choice(names), rng.choice(TITLES)
            lead = f"本报讯 {a.date}，{title}{name}{rng.choice(ROLES)}工作推进会议。"
            text = lead + a.text
            a = replace(a, text=text, people=extract_people(text))
        arts.append(a)
    return arts, names


def questions(names: list[str], latest: str, seed: int = 1) -> list[str]:
    """Six kinds: a person's deeds, in a month, on a day's reports, who is X, a month's
    meetings (every year of the archive, the year picked by the question's words), and a
    month for a person the index does not know."""
    rng = random.Random(seed)
    unknown = [n for n in _people(2300, random.Random(seed + 7)) if n not in set(names)]
    kinds = (
        lambda: f"{rng.choice(names)}做了哪些事？",
        lambda: f"{rng.choice(names)}{rng.randint(1, 12)}月参加了哪些活动？",
        lambda: f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日有哪些报道？",
        lambda: f"{rng.choice(names)}是谁？",
        lambda: f"{rng.randint(1, 12)}月份召开了哪些工作推进会议？",
        lambda: f"{rng.choice(unknown)}{rng.randint(1, 12)}月参加了哪些活动？",
    )
    return [kinds[i % len(kinds)]() for i in range(240)]


def _ms(fn: Callable[[], Any], reps: list[float]) -> Any:
    t = time.perf_counter()
    out = fn()
    reps.append((time.perf_counter() - t) * 1000)
    return out


@dataclass
class _Archive:
    """The scale archive as a warm server holds it."""

    people: Any
    passages: list
    view: dict
    latest: str
    tok: Tokenizer
    bm25: BM25


def _query(q: str, a: _Archive, dates: Any, person: str) -> Query:
    """The Query ``make_query`` builds (type, words with idf, dates, the person)."""
    info = analyze(q)
    words = tuple((w, a.bm25.idf(w)) for w in dict.fromkeys(a.tok.words(info.core)))
    return Query(text=q, lang="zh", qtype=info.qtype, words=words, dates=dates or (),
                 person=person)  # fmt: skip


def _time_steps(a: _Archive, qs: list[str], before: Before) -> dict[str, list[float]]:
    """Each question's steps timed with the current code and, right after, the old code."""
    rng = random.Random(2)
    steps: dict[str, list[float]] = {k: [] for k in STEPS}
    for n, q in enumerate(qs):
        dates, person = _ms(
            lambda q=q: (date_range(q, a.latest), find_person(q, a.people)), steps["question"]
        )
        query = _query(q, a, dates, person)
        hits = [Hit(a.passages[rng.randrange(len(a.passages))], 1.0) for _ in range(20)]
        for tag in ("", "_before") if n % 2 else ("_before", ""):  # who goes first alternates
            ctx = before if tag else contextlib.nullcontext()
            counter = old_printed_count if tag else printed_count
            with ctx:
                _ms(lambda qy=query, c=counter: archive_answer(
                    qy, a.people, a.view, k=5, printed=c(a.bm25, a.passages)),
                    steps["archive_answer" + tag])  # fmt: skip
                _ms(lambda h=hits, qy=query: prefer_person(
                    prefer_dates(h, qy, a.view), qy, a.passages, a.view, a.people),
                    steps["reorder" + tag])  # fmt: skip
        _ms(lambda q=q: a.bm25.scores(a.tok.tokenize(q, query=True)), steps["bm25"])
    return steps


STEPS = ("question", "archive_answer", "archive_answer_before", "reorder", "reorder_before", "bm25")


def run(n_passages: int) -> dict[str, float]:
    arts, names = corpus(n_passages)
    t = time.perf_counter()
    people = read_people(build_people(arts))
    build_s = time.perf_counter() - t
    passages = chunk_articles(arts)
    tok = Tokenizer()
    a = _Archive(people, passages, {x.id: x for x in arts}, latest_date(arts), tok,
                 BM25.build(tok.tokenize_many(p.text for p in passages)))  # fmt: skip
    t = time.perf_counter()  # what a warm server has built before its first question
    warm_archive(a.view, a.bm25, a.passages)
    ix = date_index(a.view)
    warm_s = time.perf_counter() - t
    steps = _time_steps(a, questions(names, a.latest), Before(a.view, ix))
    out = {"passages": len(passages), "people": len(people), "people_index_build_s": build_s,
           "warm_s": warm_s}  # fmt: skip
    for k, v in steps.items():
        v.sort()
        out[f"{k}_p50_ms"] = statistics.median(v)
        out[f"{k}_p95_ms"] = v[int(0.95 * (len(v) - 1))]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=100_000)
    res = run(ap.parse_args(argv).passages)
    print(f"{res['passages']} passages, {res['people']} people; people index built in "
          f"{res['people_index_build_s']:.1f} s; date index, passages by article and the "
          f"postings counter built in {res['warm_s']:.1f} s (once per index)")  # fmt: skip
    print("| step | p50 ms | p95 ms |\n|---|---|---|")
    for k in STEPS:
        print(f"| {k} | {res[k + '_p50_ms']:.2f} | {res[k + '_p95_ms']:.2f} |")


if __name__ == "__main__":
    main()
