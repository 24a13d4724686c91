"""The reply text and citations around chosen spans, in the language of the question."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from qa.answering.candidates import Candidate
from qa.records import Answer, Article, Citation, Hit, Query

_EN_LEAD = {
    "when": "On {s}",
    "where": "At {s}",
    "number": "{s}",
    "org": "{s}",
    "list": "{s}",
    "what": "{s}",
}


def _title_of(name: str, article: Article) -> str:
    return next((p.title for p in article.people if p.name == name and p.title), "")


def _core(info: Query, c: Candidate, art: Article, n: int) -> str:
    s = art.text[c.span_start : c.span_end]
    if info.qtype == "article":
        when = art.date_iso or art.date
        if info.lang == "en":
            return f"“{art.title}”{' (' + when + ')' if when else ''} [{n}]"
        return f"《{art.title}》{'（' + when + '）' if when else ''}[{n}]"
    if info.qtype == "title":
        name = art.text[c.span_end : c.sent_end]
        name = next((p.name for p in art.people if name.startswith(p.name)), "")
        return f"{name} is {s} [{n}]" if info.lang == "en" else f"{name}的职务是{s}[{n}]"
    if info.qtype == "who":
        title = _title_of(s, art)
        if info.lang == "en":
            verb = info.role_en if c.role_match else ""
            who = f"{s} ({title})" if title else s
            return f"{who} {verb} [{n}]".replace("  ", " ") if verb else f"{who} [{n}]"
        who = f"{s}（{title}）" if title else s
        if c.role_match and info.role:
            return f"{who}{_predicate(art.text, c.span_end, c.sent_end, info.role)}[{n}]"
        return f"{who}[{n}]"
    if info.lang == "en":
        return _EN_LEAD.get(info.qtype, "{s}").format(s=s) + f" [{n}]"
    return f"{s}[{n}]"


def _predicate(text: str, start: int, end: int, role: str) -> str:
    """What the person did, copied from the sentence: 主持会议并讲话 (falls back to the role)."""
    m = re.match(r"[^，。；：！？,;:!?“”]{1,20}", text[start:end])
    pred = m.group(0) if m else ""
    return pred if pred.startswith(role[0]) or role in pred else role


def _dated(art: Article, lang: str) -> str:
    when = art.date_iso or art.date
    if lang == "en":
        return f" (“{art.title}”{', ' + when if when else ''})"
    return f"（《{art.title}》{'，' + when if when else ''}）"


def _citation(n: int, hit: Hit, art: Article, span: tuple[int, int] | None) -> Citation:
    p = hit.passage
    start, end = p.start, p.end
    if span is not None and not (start <= span[0] and span[1] <= end):
        start, end = min(start, span[0]), max(end, span[1])
    return citation(n, hit, art, (start, end), span)


def citation(
    n: int, hit: Hit, art: Article, shown: tuple[int, int], span: tuple[int, int] | None
) -> Citation:
    """Citation ``n`` showing ``art.text[shown]`` with ``span`` (article offsets) highlighted."""
    start, end = shown
    return Citation(
        n=n,
        article_id=art.id,
        title=art.title,
        date=art.date_iso or art.date,
        source=art.source,
        passage=art.text[start:end],
        start=start,
        end=end,
        answer_start=span[0] if span else None,
        answer_end=span[1] if span else None,
        score=round(hit.score, 4),
    )


def _support(
    hits: Sequence[Hit], articles: Mapping[str, Article], used: set[str], first_n: int, k: int
) -> list[Citation]:
    out = []
    for h in hits:
        if len(out) + first_n - 1 >= k:
            break
        if h.passage.id in used or h.passage.article_id not in articles:
            continue
        used.add(h.passage.id)
        out.append(_citation(first_n + len(out), h, articles[h.passage.article_id], None))
    return out


def _sentence(info: Query, parts: list[str], *, no_role: bool) -> str:
    """Join the answer parts; say so when the asked role (主持) is named nowhere."""
    en = info.lang == "en"
    joined = "; ".join(parts) if en else "；".join(parts)
    if no_role:
        verb = info.role_en.split()[0]
        if en:
            lead = "the reports name" if len(parts) > 1 else "the report names"
            return f"The archive does not say who {verb} it; {lead} {joined}."
        return f"报道没有写明由谁{info.role}；报道中提到的是：{joined}。"
    if len(parts) > 1 and info.qtype == "article":
        return f"Reports that say so: {joined}." if en else f"提到这一内容的报道：{joined}。"
    if len(parts) > 1:
        return f"Two reports, two answers: {joined}." if en else f"两篇报道各有答案：{joined}。"
    return joined + ("." if en else "。")


def compose(
    info: Query,
    best: Sequence[Candidate],
    hits: Sequence[Hit],
    articles: Mapping[str, Article],
    k: int,
) -> Answer:
    """Answer text with [n] markers, answering citations first, then supporting passages."""
    cites: list[Citation] = []
    parts: list[str] = []
    for i, c in enumerate(best, 1):
        art = articles[c.hit.passage.article_id]
        cites.append(_citation(i, c.hit, art, (c.span_start, c.span_end)))
        parts.append(
            _core(info, c, art, i)
            + (_dated(art, info.lang) if len(best) > 1 and info.qtype != "article" else "")
        )
    top = best[0]
    art0 = articles[top.hit.passage.article_id]
    short = art0.title if info.qtype == "article" else art0.text[top.span_start : top.span_end]
    text = _sentence(
        info, parts, no_role=info.qtype == "who" and bool(info.role) and not top.role_match
    )
    evidence = art0.text[top.sent_start : top.sent_end]
    text += f" Source: “{evidence}”" if info.lang == "en" else f"依据：“{evidence}”"
    used = {c.hit.passage.id for c in best}
    cites += _support(hits, articles, used, len(cites) + 1, k)
    return Answer(
        question=info.text,
        found=True,
        short=short,
        text=text,
        citations=tuple(cites),
        qtype=info.qtype,
        lang=info.lang,
    )


def refusal(info: Query, hits: Sequence[Hit], articles: Mapping[str, Article], k: int) -> Answer:
    """found=False: say the archive has no answer; cite the closest passages as related."""
    related = _support(hits, articles, set(), 1, k)
    text = (
        "The archive does not say. The closest passages are listed as related."
        if info.lang == "en"
        else "资料库中没有找到这个问题的答案。以下是最相关的段落。"
    )
    return Answer(
        question=info.text,
        found=False,
        short="",
        text=text,
        citations=tuple(related),
        qtype=info.qtype,
        lang=info.lang,
    )


_WIDE = re.compile("[\u3000-\u303f\uff00-\uffef]")  # full-width punctuation: a Chinese keyboard


def not_a_question_reply(query: Query) -> Answer:
    """The reply to input with no content word (？？？, emoji, a bare 谁？)."""
    text = (
        "Please ask a question about the archive, e.g. who chaired a meeting, or when a "
        "project was signed."
        if query.lang == "en" and not _WIDE.search(query.text)
        else "请提出一个关于资料库内容的具体问题，例如：谁主持了会议？项目何时签约？"
    )
    return Answer(question=query.text, found=False, short="", text=text, lang=query.lang)
