"""The people index, built at ingest: every person with each title seen and each appearance.

Stored as ``people.json`` in the index generation (checked like every other file)::

    {"version": 1, "people": [{"name": "章怀远",
        "titles": [{"title": "县委书记", "date": "2024-06-06", "article_id": "…"}],
        "appearances": [{"article_id": "…", "date": "2024-06-06", "role": "调研",
                         "start": 10, "end": 58, "name_start": 21, "title": "县委书记"}]}]}

Names come from the people ingestion found (title + name), and from appointments
(``任命聂雨田为槐安县人民政府副县长``: the title after the name). Variants resolve to one
person: spaces inside a name (OCR) are dropped, and Simplified and traditional spellings are
one name. An appearance is the article's first sentence naming the person that carries a role
verb (主持, 调研, 陪同 …), else the first sentence naming them; offsets point into the article
text. Text is matched in its Simplified form, which has the same offsets as the printed text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.index.chunk import sentence_spans
from qa.records import Article
from qa.text.t2s import simplified_article

VERSION = 1
# role verbs of a sentence, most telling first (the first found names the appearance)
ROLE_VERBS = (
    "主持",
    "带队",
    "调研",
    "督导",
    "检查",
    "视察",
    "签约",
    "致辞",
    "讲话",
    "强调",
    "要求",
    "作政府工作报告",
    "鸣枪",
    "陪同",
    "出席",
    "参加",
    "见证",
    "当选",
    "任命",
    "获评",
    "荣登",
    "通报",
    "汇报",
    "介绍",
    "表示",
    "指出",
)
_ROLE_RE = re.compile("|".join(map(re.escape, ROLE_VERBS)))
_APPOINT = re.compile(r"任命([\u4e00-\u9fff]{2,3})(?:同志)?为([\u4e00-\u9fff、]{2,24}?)[；;，,。]")

_AS = re.compile(r"作为([\u4e00-\u9fff]{2,20})[，,]")


def name_key(name: str) -> str:
    """The one spelling of a name: no spaces, Simplified characters."""
    from qa.text.t2s import to_simplified

    return to_simplified(re.sub(r"\s+", "", name))


@dataclass(frozen=True)
class Appearance:
    """One article naming a person: the sentence, its role verb and the title used there."""

    article_id: str
    date: str
    role: str
    start: int
    end: int
    name_start: int
    title: str = ""


def _profile_titles(a: Article) -> list[tuple[str, str]]:
    """作为区公路养护中心青杠道班班长，他… in a profile: the title of the article's subject, the
    plausible 3-character name the article repeats most (at least 3 times)."""
    from qa.ingest.people import is_plausible_name
    from qa.ingest.vocab import title_words

    ends = (*title_words(), "长")  # 班长, 道班长: any head of a unit
    found = [m.group(1) for m in _AS.finditer(a.text) if m.group(1).endswith(ends)]
    if not found:
        return []
    counts: dict[str, int] = {}
    for i in range(len(a.text) - 2):
        w = a.text[i : i + 3]
        if is_plausible_name(w):
            counts[w] = counts.get(w, 0) + 1
    best = max(counts, key=lambda w: counts[w], default="")
    return [(best, t) for t in found] if counts.get(best, 0) >= 3 else []


def _titles(articles: Sequence[Article]) -> dict[str, list[dict[str, str]]]:
    """name → titles seen, in article order (title written before the name, appointed, or
    the title of a profile's subject)."""
    out: dict[str, list[dict[str, str]]] = {}
    for a in articles:
        pairs = [(p.name, p.title) for p in a.people if p.title]
        pairs += [(m.group(1), m.group(2)) for m in _APPOINT.finditer(a.text)]
        pairs += _profile_titles(a)
        for name, title in pairs:
            row = {"title": title, "date": a.date_iso, "article_id": a.id}
            seen = out.setdefault(name_key(name), [])
            if not any(r["title"] == title and r["article_id"] == a.id for r in seen):
                seen.append(row)
    return out


def appearance(a: Article, name: str, title: str) -> Appearance | None:
    """The sentence of ``a`` that best shows what ``name`` did there."""
    first: Appearance | None = None
    for s, e in sentence_spans(a.text):
        i = a.text.find(name, s, e)
        if i < 0:
            continue
        m = _ROLE_RE.search(a.text, i + len(name), e) or _ROLE_RE.search(a.text, s, e)
        app = Appearance(a.id, a.date_iso, m.group(0) if m else "", s, e, i, title)
        if m:
            return app
        first = first or app
    return first


def _title_in(a: Article, name: str) -> str:
    return next((p.title for p in a.people if name_key(p.name) == name and p.title), "")


def build_people(articles: Iterable[Article]) -> dict[str, Any]:
    """The people index of ``articles`` (see module docstring), ready for ``json.dumps``."""
    arts = [simplified_article(a) for a in articles]
    titles = _titles(arts)
    people = []
    for name in sorted(titles):
        apps = [appearance(a, name, _title_in(a, name)) for a in arts if name in a.text]
        apps_ = sorted((x for x in apps if x), key=lambda x: (x.date, x.article_id))
        people.append(
            {"name": name, "titles": titles[name], "appearances": [x.__dict__ for x in apps_]}
        )
    return {"version": VERSION, "people": people}


@dataclass(frozen=True)
class PersonRecord:
    """One person of the index, as answering reads it."""

    name: str
    titles: tuple[tuple[str, str, str], ...]  # (title, date, article id)
    appearances: tuple[Appearance, ...]


def read_people(data: dict[str, Any]) -> dict[str, PersonRecord]:
    """name → :class:`PersonRecord` from the JSON of :func:`build_people`.

    Raises:
        ValueError: another version, or a record without ``name``.
    """
    if data.get("version") != VERSION:
        raise ValueError(f"people.json version {data.get('version')!r}; this code reads {VERSION}")
    out = {}
    for p in data.get("people", []):
        titles = tuple(
            (t["title"], t.get("date", ""), t.get("article_id", "")) for t in p.get("titles", [])
        )
        apps = tuple(Appearance(**x) for x in p.get("appearances", []))
        out[p["name"]] = PersonRecord(p["name"], titles, apps)
    return out


def load_people(gen: Path, articles: list[Article]) -> dict[str, PersonRecord]:
    """The people index of generation ``gen``; built from ``articles`` when the generation
    was written before there was one."""
    path = gen / "people.json"
    if not path.is_file():
        return read_people(build_people(articles))
    return read_people(json.loads(path.read_text(encoding="utf-8")))


def write_people(path: Path, articles: Iterable[Article]) -> None:
    """Write the people index of ``articles`` to ``path`` (inside a generation being built)."""
    path.write_text(json.dumps(build_people(articles), ensure_ascii=False), encoding="utf-8")
