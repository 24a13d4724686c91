"""Answer → HTML for the chat page. Pure functions; every piece of archive text is escaped.

Sources are ``<details>`` elements, one per article: the summary shows its ``[n]`` markers,
title, date, page and the cited passages (overlapping ones merged) with every answer span in
``<mark>``; opening one shows the whole article with the passages and spans highlighted.
No script is needed, so nothing from an article can run in the page.
"""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Mapping, Sequence

from qa.ingest.crop import CropError, page_crop_png, source_page
from qa.records import Answer, Article, Citation
from qa.settings import DEFAULT
from ui.i18n import t


def esc(text: str) -> str:
    """HTML-escape text (quotes too); newlines become <br>."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def highlight(text: str, base: int, span: tuple[int | None, int | None]) -> str:
    """``text`` (starting at article offset ``base``) with the span in <mark>, escaped."""
    return highlight_all(text, base, [span])


def highlight_all(text: str, base: int, spans: Sequence[tuple[int | None, int | None]]) -> str:
    """``text`` (at article offset ``base``) with every span inside it in <mark>, escaped;
    overlapping spans are merged, spans outside the text ignored."""
    inside = [
        (a - base, b - base)
        for a, b in spans
        if a is not None and b is not None and base <= a < b <= base + len(text)
    ]
    out, at = [], 0
    for a, b in merge(inside):
        out.append(f"{esc(text[at:a])}<mark class='answer-span'>{esc(text[a:b])}</mark>")
        at = b
    return "".join(out) + esc(text[at:])


def merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _marks(cs: Sequence[Citation]) -> list[tuple[int | None, int | None]]:
    return [(c.answer_start, c.answer_end) for c in cs]


def provenance(source: str, lang: str = "zh") -> str:
    """``page 3 of 2023-05-31.pdf`` for a source ``2023-05-31.pdf#p3``; other sources as they
    are. Escaped."""
    where = source_page(source)
    return esc(t("page_of", lang).format(file=where[0], page=where[1]) if where else source)


@functools.lru_cache(maxsize=64)
def _crop_uri(
    article: Article, spans: tuple[tuple[int, int], ...], roots: tuple[str, ...]
) -> tuple[str, str]:
    """(data URI of the crop, "") or ("", why there is none)."""
    try:
        png = page_crop_png(article, spans, roots)
    except CropError as e:
        return "", str(e)
    return f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}", ""


def page_crop_html(
    article: Article,
    lang: str = "zh",
    spans: Sequence[tuple[int, int]] = (),
    roots: Sequence[str] = (),
) -> str:
    """A closed ``<details>`` with the page region of the cited passages ``spans`` (the
    article's region when they cannot be located) for PDFs and scans; a one-line note when
    the file is no longer where it was ingested from; "" for other articles."""
    if not (article.page_box and article.file):
        return ""
    uri, why = _crop_uri(article, tuple(sorted(spans)), tuple(roots))
    label = esc(t("page_crop", lang))
    if not uri:
        return f"<div class='page-crop-missing'>{label}: {esc(why)}</div>"
    alt = provenance(article.source, lang)
    return (
        f"<details class='page-crop'><summary>{label}</summary>"
        f"<img src='{uri}' alt='{alt}' class='page-crop-img'></details>"
    )


def low_ocr_html(article: Article, lang: str = "zh") -> str:
    """A short note when the article was read by OCR with low confidence; "" otherwise."""
    conf = article.ocr_confidence
    if conf is None or conf >= DEFAULT.ocr_low_confidence:
        return ""
    return f"<div class='low-ocr'>{esc(t('low_ocr', lang).format(conf=f'{conf:.2f}'))}</div>"


def article_html(
    article: Article,
    cs: Citation | Sequence[Citation],
    lang: str = "zh",
    roots: Sequence[str] = (),
) -> str:
    """The whole article, every cited passage in a highlighted block and the spans marked;
    its page and file, a note when OCR read it with low confidence, and the crop of the
    page region of the answering passages (:func:`crop_spans`; its file looked for under
    the index's ``roots``)."""
    cs = [cs] if isinstance(cs, Citation) else list(cs)
    text = article.text
    blocks = merge([(max(0, c.start), min(len(text), c.end)) for c in cs if c.start < c.end])
    body, at = [], 0
    for s, e in blocks:
        inner = highlight_all(text[s:e], s, _marks(cs))
        body.append(f"{esc(text[at:s])}<span class='passage-hl'>{inner}</span>")
        at = e
    head = esc(article.title) + (
        f"<br><small>{esc(article.subtitle)}</small>" if article.subtitle else ""
    )
    date = esc(article.date_iso or article.date)
    meta = " · ".join(x for x in (date, provenance(article.source, lang)) if x)
    byline = " ".join(esc(x) for x in (*article.reporters, *article.correspondents))
    crop = page_crop_html(article, lang, crop_spans(cs, len(text)), roots)
    return (
        f"<div class='article'><h4>{head}</h4><div class='meta'>{meta}"
        f"{' · ' + byline if byline else ''}</div>{low_ocr_html(article, lang)}"
        f"{crop}<p>{''.join(body)}{esc(text[at:])}</p></div>"
    )


def crop_spans(cs: Sequence[Citation], length: int) -> list[tuple[int, int]]:
    """The passages the page crop shows: those holding an answer span, else every cited
    one (merged; offsets into an article of ``length`` characters)."""
    answering = [c for c in cs if c.answer_start is not None] or list(cs)
    return merge([(max(0, c.start), min(length, c.end)) for c in answering if c.start < c.end])


def by_article(citations: Sequence[Citation]) -> list[list[Citation]]:
    """Citations grouped by article, in the order each article is first cited."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.article_id, []).append(c)
    return list(groups.values())


def _card(cs: list[Citation], art: Article | None, lang: str, roots: Sequence[str] = ()) -> str:
    """One article's card: its [n]s, title, the cited passages (merged) with spans marked."""
    c0 = cs[0]
    ns = "".join(f"[{c.n}]" for c in cs)
    passages = []
    for s, e in merge([(c.start, c.end) for c in cs]):
        text = art.text[s:e] if art else next(c.passage for c in cs if c.start == s)
        passages.append(f"<div class='passage'>{highlight_all(text, s, _marks(cs))}</div>")
    meta = " · ".join(x for x in (esc(c0.date), provenance(c0.source, lang)) if x)
    if art and art.ocr_confidence is not None and art.ocr_confidence < DEFAULT.ocr_low_confidence:
        meta += " · OCR ⚠"
    body = article_html(art, cs, lang, roots) if art else ""
    return (
        f"<details class='source' id='source-{c0.n}'><summary><b>{ns}</b> "
        f"{esc(c0.title)} <span class='meta'>{meta}</span>{''.join(passages)}"
        f"<span class='open-hint'>{esc(t('open_article', lang))}</span></summary>{body}</details>"
    )


def sources_html(
    answer: Answer, articles: Mapping[str, Article], lang: str, roots: Sequence[str] = ()
) -> str:
    """The sources panel of one answer: one card per article, all its cited passages merged
    and every answer span marked (related passages when nothing was found); ``roots``: the
    index's source folders, where page crops look for their PDFs."""
    if not answer.citations:
        return f"<div class='sources'><p>{esc(t('no_sources', lang))}</p></div>"
    label = t("sources", lang) if answer.found else t("related", lang)
    cards = [
        _card(cs, articles.get(cs[0].article_id), lang, roots)
        for cs in by_article(answer.citations)
    ]
    return f"<div class='sources'><h3>{esc(label)}</h3>{''.join(cards)}</div>"


CSS = """
.sources details.source { border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.sources summary { cursor: pointer; }
.sources .meta, .article .meta { color: #666; font-size: 0.85em; margin-left: 4px; }
.sources .passage { margin: 4px 0; line-height: 1.6; }
.sources .open-hint { color: #2563eb; font-size: 0.8em; }
mark.answer-span { background: #fde047; padding: 0 2px; border-radius: 2px; }
.passage-hl { background: #e0f2fe; }
.article .low-ocr { background: #fef3c7; border-left: 3px solid #d97706; padding: 2px 6px; margin: 4px 0; font-size: 0.85em; }
.article .page-crop summary { color: #2563eb; font-size: 0.85em; }
.article .page-crop-missing { color: #92400e; font-size: 0.85em; margin: 4px 0; }
.article img.page-crop-img { max-width: 100%; border: 1px solid #ccc; margin: 4px 0; }
.article { max-height: 480px; overflow-y: auto; line-height: 1.7; border-top: 1px dashed #ccc; margin-top: 6px; }
"""
