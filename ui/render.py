"""Answer → HTML for the chat page. Pure functions; every piece of archive text is escaped.

Sources are ``<details>`` elements: the summary shows title, date, page and the passage with
the answer span in ``<mark>``; opening one shows the whole article with the passage and span
highlighted. No script is needed, so nothing from an article can run in the page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from qa.records import Answer, Article, Citation
from ui.i18n import t


def esc(text: str) -> str:
    """HTML-escape text (quotes too); newlines become <br>."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def highlight(text: str, base: int, span: tuple[int | None, int | None]) -> str:
    """``text`` (starting at article offset ``base``) with the span in <mark>, escaped."""
    a, b = span
    if a is None or b is None or not (base <= a < b <= base + len(text)):
        return esc(text)
    a, b = a - base, b - base
    return f"{esc(text[:a])}<mark class='answer-span'>{esc(text[a:b])}</mark>{esc(text[b:])}"


def article_html(article: Article, c: Citation) -> str:
    """The whole article, the cited passage in a highlighted block and the span marked."""
    text = article.text
    s, e = max(0, c.start), min(len(text), c.end)
    inner = highlight(text[s:e], s, (c.answer_start, c.answer_end))
    head = esc(article.title) + (
        f"<br><small>{esc(article.subtitle)}</small>" if article.subtitle else ""
    )
    meta = " · ".join(esc(x) for x in (article.date_iso or article.date, article.source) if x)
    byline = " ".join(esc(x) for x in (*article.reporters, *article.correspondents))
    return (
        f"<div class='article'><h4>{head}</h4><div class='meta'>{meta}"
        f"{' · ' + byline if byline else ''}</div><p>{esc(text[:s])}"
        f"<span class='passage-hl'>{inner}</span>{esc(text[e:])}</p></div>"
    )


def sources_html(answer: Answer, articles: Mapping[str, Article], lang: str) -> str:
    """The sources panel of one answer (related passages when nothing was found)."""
    if not answer.citations:
        return f"<div class='sources'><p>{esc(t('no_sources', lang))}</p></div>"
    label = t("sources", lang) if answer.found else t("related", lang)
    items = []
    for c in answer.citations:
        art = articles.get(c.article_id)
        passage = highlight(c.passage, c.start, (c.answer_start, c.answer_end))
        meta = " · ".join(esc(x) for x in (c.date, c.source) if x)
        body = article_html(art, c) if art else ""
        items.append(
            f"<details class='source' id='source-{c.n}'><summary><b>[{c.n}]</b> "
            f"{esc(c.title)} <span class='meta'>{meta}</span><div class='passage'>{passage}</div>"
            f"<span class='open-hint'>{esc(t('open_article', lang))}</span></summary>{body}</details>"
        )
    return f"<div class='sources'><h3>{esc(label)}</h3>{''.join(items)}</div>"


CSS = """
.sources details.source { border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.sources summary { cursor: pointer; }
.sources .meta, .article .meta { color: #666; font-size: 0.85em; margin-left: 4px; }
.sources .passage { margin: 4px 0; line-height: 1.6; }
.sources .open-hint { color: #2563eb; font-size: 0.8em; }
mark.answer-span { background: #fde047; padding: 0 2px; border-radius: 2px; }
.passage-hl { background: #e0f2fe; }
.article { max-height: 480px; overflow-y: auto; line-height: 1.7; border-top: 1px dashed #ccc; margin-top: 6px; }
"""
