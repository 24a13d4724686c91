"""Questions about a person: what X did (a dated list of appearances), who X is and X's
title (titles over time), from the people index built at ingest (:mod:`qa.index.people`).

>>> person_kind("县委书记章怀远6月份都干了些什么？")
'timeline'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from qa.answering.dates import in_range
from qa.answering.listing import Line, dated_title, list_answer
from qa.identity_cache import IdentityCache
from qa.index.chunk import sentence_spans
from qa.index.people import PersonRecord, appearance, name_key
from qa.records import Answer, Article
from qa.text.cjk import capitalised_runs, u_umlaut_spellings

Kind = Literal["timeline", "who", "title", ""]
_TIMELINE = re.compile(
    r"做了什么|做了些什么|干了什么|干了些什么|做了哪些|参加了哪些|出席了哪些|哪些活动|有哪些活动|"
    r"什么活动|活动有哪些|行程|职务有什么变化|职务变化|职务.{0,4}变化|得过哪些|获得过哪些|获得了哪些|"
    r"哪些荣誉|哪些报道|what did .+ do|what has .+ done|what .+ attend|events involving|"
    r"what .+ (?:take|took|taken) part in|what .+ participate|"
    r"activities|timeline|appearances|how did .+(?:title|position).+change"
)
_WHO = re.compile(r"是谁|是什么人|是干什么的|who is|who was|who's")
_TITLE = re.compile(
    r"职务|职位|什么职|担任什么|身份|任命为什么|what (?:is|was) .+(?:position|title)"
    r"|(?:position|title|post) of"
)
_NOT_NAME = re.compile(r"[镇村县区市乡街路省局委会院校社]")


def person_kind(question: str) -> Kind:
    """What a question naming a person asks: a timeline, who they are, their title, or ''."""
    q = question.lower()
    for kind, pat in (("timeline", _TIMELINE), ("title", _TITLE), ("who", _WHO)):
        if pat.search(q):
            return kind  # type: ignore[return-value]
    return ""


def find_person(
    question: str,
    people: Mapping[str, PersonRecord],
    names: Sequence[str] = (),
    articles: Mapping[str, Article] | None = None,
    printed: Callable[[str], int] | None = None,
) -> str:
    """The person a question names: a name of the index (longest first), a name matched by
    pinyin (``names`` of an English question), else a 3-character surname-led string that
    the archive (``articles``) prints at least twice (赵春梅, whom ingestion found without a
    title). ``printed`` counts a string's occurrences from the index (see
    :func:`qa.retrieval.search.Retriever.printed`); without it the archive text is searched."""
    q = name_key(question)
    hits = [c for c in {q[i : i + n] for n in range(2, 9) for i in range(len(q) - n + 1)}
            if c in people]  # fmt: skip
    hits += [n for n in names if n in people or (articles and n in _archive_text(articles))]
    hits += _by_pinyin(question, people)
    if hits:
        return max(hits, key=len)
    if not re.search(r"[\u4e00-\u9fff]", q) or not articles:
        return ""
    from qa.ingest.people import is_plausible_name

    found = [
        q[i : i + 3]
        for i in range(len(q) - 2)
        if is_plausible_name(q[i : i + 3]) and not _NOT_NAME.search(q[i : i + 3])
    ]
    if printed is None:
        text = _archive_text(articles)
        printed = text.count
    counts = {n: printed(n) for n in dict.fromkeys(found)}
    found = [n for n in found if counts[n] >= 2]
    return max(found, key=counts.__getitem__) if found else ""


_TEXTS: IdentityCache[Mapping[str, Article], str] = IdentityCache()


def _archive_text(articles: Mapping[str, Article]) -> str:
    """Every article's text, joined once per archive view (searched for untitled names)."""
    return _TEXTS.get(articles, lambda v: "\n".join(a.text for a in v.values()))


_PINYIN: IdentityCache[Mapping[str, PersonRecord], dict[str, str]] = IdentityCache()


def _pinyin_keys(name: str) -> set[str]:
    """Every reading of a name, joined (查文华 → chawenhua, zhawenhua)."""
    from itertools import product

    from pypinyin import Style, pinyin

    readings = pinyin(name, style=Style.NORMAL, heteronym=True)
    if len(readings) > 4:
        return set()
    return {k for p in product(*readings) for k in u_umlaut_spellings("".join(p))}


def _by_pinyin(question: str, people: Mapping[str, PersonRecord]) -> list[str]:
    """People of the index an English question names in pinyin, any reading of each
    character (Zha Wenhua is 查文华; the retriever's map knows only the first reading, cha)."""
    if re.search(r"[\u4e00-\u9fff]", question):
        return []
    keys = _PINYIN.get(people, lambda ps: {k: n for n in ps for k in _pinyin_keys(n)})
    return [keys["".join(run)] for run in capitalised_runs(question) if "".join(run) in keys]


def _appearances(
    name: str, people: Mapping[str, PersonRecord], articles: Mapping[str, Article]
) -> list[tuple[str, int, int, str, str]]:
    """(article id, sentence start, end, role, title) of each article naming ``name``."""
    rec = people.get(name)
    if rec is not None:
        return [
            (a.article_id, a.start, a.end, a.role, a.title)
            for a in rec.appearances
            if a.article_id in articles
        ]
    out = []
    for art in articles.values():
        app = appearance(art, name, "") if name in art.text else None
        if app:
            out.append((art.id, app.start, app.end, app.role, ""))
    return out


def _span(art: Article, s: int, e: int, name: str, role: str) -> tuple[int, int] | None:
    i = art.text.find(name, s, e)
    if i < 0:
        return None
    j = art.text.find(role, i, e) if role else -1
    return (i, j + len(role)) if 0 <= j - i - len(name) <= 8 else (i, i + len(name))


def _timeline_lines(
    apps: list[tuple[str, int, int, str, str]], name: str, view: Mapping[str, Article], lang: str
) -> list[Line]:
    lines = []
    for aid, s, e, role, title in apps:
        art = view[aid]
        did = f"{title}{name}{role}" if lang == "zh" else f"{name} ({title}) {role}".strip()
        sep = "：" if lang == "zh" else ": "
        lines.append(Line(aid, f"{dated_title(art, lang)}{sep}{did}", s, e,
                          _span(art, s, e, name, role)))  # fmt: skip
    return lines


def _timeline_head(name: str, n: int, by_date: bool, undated: int, lang: str) -> tuple[str, str]:
    """(first line, last line) of a timeline: how many reports, in what order, and how many
    reports naming the person were left out for having no date."""
    if lang == "en":
        head = (f"{name} in the archive ({n} reports, {'by date' if by_date else 'newest first'}):"
                if n else f"The archive has no report of {name} in that period.")  # fmt: skip
        tail = f"({undated} undated reports name {name}; not listed.)" if undated else ""
        return head, tail
    head = (f"资料库中{name}的活动（共{n}篇，{'按日期' if by_date else '从新到旧'}）："
            if n else f"资料库中没有找到{name}在这段时间的活动。")  # fmt: skip
    tail = f"（另有{undated}篇提到{name}的报道没有日期，未列入。）" if undated else ""
    return head, tail


def timeline(
    question: str,
    lang: str,
    name: str,
    people: Mapping[str, PersonRecord],
    view: Mapping[str, Article],
    *,
    rng: tuple[str, str] | None,
    year: str = "",
    k: int,
    skip: int = 0,
) -> Answer:
    """X's appearances, newest first (in date order when the question gives dates)."""
    apps = _appearances(name, people, view)
    undated = sum(1 for a in apps if not view[a[0]].date_iso) if rng else 0
    if rng:
        apps = [a for a in apps if in_range(view[a[0]].date_iso, rng, year)]
    apps.sort(key=lambda a: (view[a[0]].date_iso, view[a[0]].position), reverse=not rng)
    lines = _timeline_lines(apps, name, view, lang)
    head, tail = _timeline_head(name, len(lines), bool(rng), undated, lang)
    short = "；".join(view[x.article_id].title for x in lines[skip : skip + k])
    return list_answer(
        question, lang, "person_timeline", head, lines, view, k=k, skip=skip, short=short,
        tail=tail,
    )  # fmt: skip


def _title_span(art: Article, name: str, title: str) -> tuple[int, int, int, int] | None:
    """(sentence start, end, title start, end) where ``title`` is written for ``name``:
    before the name (县委书记章怀远), else after it (任命聂雨田为…副县长), else anywhere."""
    i = art.text.find(title + name)
    if i < 0:
        j = art.text.find(name)
        i = art.text.find(title, j) if j >= 0 else -1
    if i < 0:
        i = art.text.find(title)
    if i < 0:
        return None
    for s, e in sentence_spans(art.text):
        if s <= i and i + len(title) <= e:
            return s, e, i, i + len(title)
    return None


def titles(
    question: str,
    lang: str,
    name: str,
    people: Mapping[str, PersonRecord],
    view: Mapping[str, Article],
    *,
    rng: tuple[str, str] | None,
    year: str = "",
    k: int,
) -> Answer | None:
    """X's titles over time (one line per title, first and last dated report); None when the
    index knows no title of X."""
    rec = people.get(name)
    rows = [t for t in (rec.titles if rec else ()) if t[2] in view]
    if rng:
        rows = [t for t in rows if in_range(t[1], rng, year)] or rows
    by_title: dict[str, list[tuple[str, str, str]]] = {}
    for t in sorted(rows, key=lambda t: t[1]):
        by_title.setdefault(t[0], []).append(t)
    lines = []
    for title, seen in sorted(by_title.items(), key=lambda x: x[1][-1][1], reverse=True):
        art = view[seen[-1][2]]
        where = _title_span(art, name, title)
        if where is None:
            continue
        s, e, a, b = where
        span = f"{seen[0][1]}—{seen[-1][1]}" if seen[0][1] != seen[-1][1] else seen[0][1]
        words = (
            f"{span or '日期不详'}：{title}（{dated_title(art, lang)}）"
            if lang == "zh"
            else f"{span or 'undated'}: {title} ({dated_title(art, lang)})"
        )
        lines.append(Line(art.id, words, s, e, (a, b)))
    if not lines:
        return None
    head = f"{name}的职务（从新到旧）：" if lang == "zh" else f"{name}'s titles (newest first):"
    short = "、".join(dict.fromkeys(t for t in by_title if any(t in x.words for x in lines)))
    return list_answer(question, lang, "title", head, lines, view, k=k, short=short)
