"""Issue 12: what the people index and the date filter cost per question at 100k passages.

    .venv/bin/python -m bench.archive_cost [--passages 100000]

The scale corpus of :mod:`bench.scale` (real benchmark sentences in synthetic dated
articles), with a lead sentence naming one of 2,000 invented officials in about a third of
the articles, so the people index is of a realistic size. Timed per question (median and p95
over 200 questions of four kinds, each step called as ``ask()`` calls it): reading the dates
and the person from the question (``date_range``, ``find_person``), the archive's own answers
(``archive_answer``: a timeline, titles, a date list), and reordering 20 hits by date and
person (``prefer_dates``, ``prefer_person``, which adds the passages of the person's articles
when no hit names them). The baseline in the same run is BM25 scoring alone over the same passages.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace

from bench.scale import scale_articles
from qa.answering.archive import archive_answer, prefer_dates, prefer_person, printed_count
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
    """Scale articles, a third led by "<date>，<title><name><role>…会议。"; the names used."""
    rng = random.Random(seed)
    names = _people(2000, rng)
    arts = []
    for a in scale_articles(n_passages, seed):
        if rng.random() < 0.35:
            name, title = rng.choice(names), rng.choice(TITLES)
            lead = f"本报讯 {a.date}，{title}{name}{rng.choice(ROLES)}工作推进会议。"
            text = lead + a.text
            a = replace(a, text=text, people=extract_people(text))
        arts.append(a)
    return arts, names


def questions(names: list[str], latest: str, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    kinds = (
        lambda: f"{rng.choice(names)}做了哪些事？",
        lambda: f"{rng.choice(names)}{rng.randint(1, 12)}月参加了哪些活动？",
        lambda: f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日有哪些报道？",
        lambda: f"{rng.choice(names)}是谁？",
    )
    return [kinds[i % 4]() for i in range(200)]


def _ms(fn, reps: list[float]) -> object:
    t = time.perf_counter()
    out = fn()
    reps.append((time.perf_counter() - t) * 1000)
    return out


def run(n_passages: int) -> dict[str, float]:
    arts, names = corpus(n_passages)
    t = time.perf_counter()
    people = read_people(build_people(arts))
    build_s = time.perf_counter() - t
    passages = chunk_articles(arts)
    view = {a.id: a for a in arts}
    latest = latest_date(arts)
    tok = Tokenizer()
    bm25 = BM25.build(tok.tokenize_many(p.text for p in passages))
    printed = printed_count(bm25, passages)  # as ask() passes it
    rng = random.Random(2)
    steps: dict[str, list[float]] = {
        "question": [],
        "archive_answer": [],
        "reorder": [],
        "bm25": [],
    }
    for q in questions(names, latest):
        rng_ = _ms(lambda q=q: (date_range(q, latest), find_person(q, people)), steps["question"])
        dates, person = rng_
        query = Query(text=q, lang="zh", qtype="what", dates=dates or (), person=person)
        _ms(
            lambda qy=query: archive_answer(qy, people, view, k=5, printed=printed),
            steps["archive_answer"],
        )
        hits = [Hit(passages[rng.randrange(len(passages))], 1.0) for _ in range(20)]
        _ms(
            lambda h=hits, qy=query: prefer_person(
                prefer_dates(h, qy, view), qy, passages, view, people
            ),
            steps["reorder"],
        )
        _ms(lambda q=q: bm25.scores(tok.tokenize(q, query=True)), steps["bm25"])
    out = {"passages": len(passages), "people": len(people), "people_index_build_s": build_s}
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
          f"{res['people_index_build_s']:.1f} s")  # fmt: skip
    print("| step | p50 ms | p95 ms |\n|---|---|---|")
    for k in ("question", "archive_answer", "reorder", "bm25"):
        print(f"| {k} | {res[k + '_p50_ms']:.2f} | {res[k + '_p95_ms']:.2f} |")


if __name__ == "__main__":
    main()
