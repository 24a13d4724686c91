"""What the page says about the archive it serves: the header line and example questions.

Both are read from the loaded index (never from seed or evaluation files), so they follow an
ingest made by the CLI or the upload box on the next page load.
"""

from __future__ import annotations

import os

from qa.api import get_retriever
from qa.errors import QAError
from qa.records import Article
from ui.i18n import t


def _articles(index: str | os.PathLike[str]) -> list[Article]:
    return list(get_retriever(index).data.articles)


def about_text(index: str | os.PathLike[str], lang: str) -> str:
    """'This archive holds N articles from P pages, dated …' (the error line when no index)."""
    try:
        arts = _articles(index)
    except QAError as e:
        return str(e)
    dates = sorted(a.date_iso for a in arts if a.date_iso)
    span = f"{dates[0]} – {dates[-1]}" if dates else "—"
    return t("about", lang).format(
        articles=len(arts), pages=len({a.source for a in arts}), dates=span
    )


def example_questions(index: str | os.PathLike[str]) -> list[str]:
    """Example questions built from the newest articles of the archive (none without an index).

    A who-question from the first titled person of the newest such article, e.g. for an
    article naming 区长李明远: ``谁是区长？``; a when-question on the newest article's title.
    """
    try:
        arts = sorted(_articles(index), key=lambda a: a.date_iso or "", reverse=True)
    except QAError:
        return []
    out: list[str] = []
    titled = next((p for a in arts for p in a.people if p.title), None)
    if titled is not None:
        out.append(f"谁是{titled.title}？")
    newest = next((a for a in arts if a.title), None)
    if newest is not None:
        out.append(f"{newest.title}是什么时候？")
    return out
