"""The archive tab: articles by date (filtered by month, source, person) and the people list.

Pure functions over the loaded index (no Gradio); every piece of archive text is escaped.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from qa.api import get_retriever
from qa.errors import QAError
from qa.records import Article
from ui.render import article_html, esc, provenance
from ui.state import index_roots

ALL = ""  # the "any" choice of a filter
MAX_ROWS = 300  # rows shown at once; a filter narrows the rest


def choices(index: str | os.PathLike[str]) -> tuple[list[str], list[str], list[str]]:
    """(months YYYY-MM newest first, sources, people by name) of the archive; empty lists
    without an index."""
    try:
        r = get_retriever(index)
    except QAError:
        return [], [], []
    arts = r.data.articles
    months = sorted({a.date_iso[:7] for a in arts if a.date_iso}, reverse=True)
    return months, sorted({a.source for a in arts}), sorted(r.data.people)


def filtered(
    articles: Sequence[Article], month: str = ALL, source: str = ALL, person: str = ALL
) -> list[Article]:
    """Articles of ``month`` (YYYY-MM), ``source`` and naming ``person``, newest first;
    undated articles last."""
    out = [a for a in articles
           if (not month or a.date_iso.startswith(month))
           and (not source or a.source == source)
           and (not person or person in a.text)]  # fmt: skip
    return sorted(out, key=lambda a: (a.date_iso or "0000", -a.position), reverse=True)


def articles_html(
    index: str | os.PathLike[str],
    month: str = ALL,
    source: str = ALL,
    person: str = ALL,
    lang: str = "zh",
) -> str:
    """The article table of the archive tab (the error line when there is no index)."""
    try:
        arts = get_retriever(index).data.articles
    except QAError as e:
        return f"<p>{esc(str(e))}</p>"
    rows = filtered(arts, month or ALL, source or ALL, person or ALL)
    roots = index_roots(index)
    head = ("日期", "标题", "版面", "人物") if lang == "zh" else ("Date", "Title", "Page", "People")
    cells = "".join(
        f"<tr><td>{esc(a.date_iso or a.date or '—')}</td><td>{_viewer(a, lang, roots)}</td>"
        f"<td>{provenance(a.source, lang)}</td><td>{esc('、'.join(p.name for p in a.people))}</td></tr>"
        for a in rows[:MAX_ROWS]
    )
    count = f"{len(rows)} 篇" if lang == "zh" else f"{len(rows)} articles"
    if len(rows) > MAX_ROWS:
        count += (f"（显示前 {MAX_ROWS} 篇，请按月份、版面或人物筛选）" if lang == "zh"
                  else f" (the first {MAX_ROWS} shown; filter by month, page or person)")  # fmt: skip
    return (
        f"<div class='archive'><p>{count}</p><table><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + f"</tr>{cells}</table></div>"
    )


def _viewer(a: Article, lang: str = "zh", roots: Sequence[str] = ()) -> str:
    """The title, opening the whole article in place (the article viewer of the sources)."""
    return (
        f"<details class='archive-entry'><summary>{esc(a.title or '—')}</summary>"
        f"{article_html(a, [], lang, roots)}</details>"
    )


def people_html(index: str | os.PathLike[str], lang: str = "zh") -> str:
    """The people of the archive: name, latest title, how many reports name them."""
    try:
        people = get_retriever(index).data.people
    except QAError as e:
        return f"<p>{esc(str(e))}</p>"
    rows = sorted(people.values(), key=lambda p: (-len(p.appearances), p.name))
    titles = {a.id: a.title for a in get_retriever(index).data.articles}
    head = ("姓名", "最近职务", "报道") if lang == "zh" else ("Name", "Latest title", "Reports")
    cells = "".join(
        f"<tr><td>{esc(p.name)}</td>"
        f"<td>{esc(max(p.titles, key=lambda t: t[1])[0] if p.titles else '')}</td>"
        f"<td>{_appearances(p.appearances, titles)}</td></tr>"
        for p in rows
    )
    return (
        "<div class='people'><table><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + f"</tr>{cells}</table></div>"
    )


def _appearances(apps: Sequence[Any], titles: dict[str, str]) -> str:
    """How many reports name the person, opening to the list: date, role, title, newest first."""
    items = "".join(
        f"<li>{esc(x.date or '—')} · {esc(x.role or '—')} · {esc(titles.get(x.article_id, ''))}</li>"
        for x in sorted(apps, key=lambda x: x.date or "", reverse=True)
    )
    return f"<details class='appearances'><summary>{len(apps)}</summary><ul>{items}</ul></details>"
