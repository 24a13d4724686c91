"""List answers: every item of an enumeration (``A、B和C``, ``A及B``) in the best-supported
sentence, not one item of it; for questions about people (谁和谁, who were appointed), the
people that sentence (or its best-matching clause) names; for several bodies (哪两个单位), the
organisations it names.

Items are separated by 、 (a conjunction 和/与/及/以及 before the last one), or are two items
joined by a conjunction that end alike (教师队和代表队). The middle items are taken whole;
the first and last end where jieba's parts of speech stop being nominal (a verb, adverb,
particle such as 等, or a number: ``设置电工…电子商务5个比赛项目``). One person's titles
(县委副书记、县长龙海波) are no list. The list must be of the kind asked (哪两个村: items
ending in 村; 哪些比赛项目: the clause names 比赛项目); when a kind is asked and no supported
sentence lists it, the reply is a refusal. The answer keeps the enumeration as printed
(``杭州、上海``), cited and highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qa.answering.compose import refusal
from qa.answering.evidence import Evidence, cite, clauses, sentences
from qa.answering.spans import orgs, people
from qa.answering.terms import KeyTerms
from qa.ingest.vocab import title_words
from qa.records import Answer, Article, Hit, Query

_CONJ = ("和", "与", "及", "以及", "同")
# words an item is made of at its open ends (the middle items are taken whole: the tagger
# calls 焊工 a verb); a verbal noun opens no item (设置电工), it may end one (油茶精深加工)
_LEFT = ("n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "j", "b", "s", "g", "zg", "x", "eng")
_LEFT += ("vn",)  # inside a name (县文化旅游广电体育局); a leading one is cut (设置电工)
_BREAK = ("ul", "uz", "ug", "uv", "d", "p", "r", "c")  # no item holds these (了, 着, 在, 他)
_QUOTES = "“”《》「」"
MAX_ITEM = 20  # characters of one item
# share of the answer's coverage bar a list sentence needs: a list question names its
# topic and a frame word the report does not print (报道点名的重点项目有哪些)
LIST_BAR = 0.65
_PEOPLE_Q = re.compile(r"谁和谁|哪[两三四五六七八九十几些]+[个位名]?人|哪几位|哪两位|\bwho\b")
_WHICH = re.compile(r"哪[些两三四五六七八九十几]+[个位家支名项所条座批户类种点]?")
_ASKED_AFTER = re.compile(r"(?:有|是|包括|包含)?哪些[？?。]?$")  # …的重点项目有哪些？
_PLACE_KINDS = ("城市", "地方", "地区", "地点", "省份", "省市", "国家", "乡镇", "县市", "区县")
TOP_SENTENCES = 4  # best-supported sentences searched for an enumeration
CLAUSE_WEIGHT, CATEGORY_BONUS, ECHO_PENALTY = 0.5, 0.3, 0.6


@dataclass(frozen=True)
class Enumeration:
    """Items (start, end offsets into the text searched) of one enumeration."""

    items: tuple[tuple[int, int], ...]

    @property
    def span(self) -> tuple[int, int]:
        return self.items[0][0], self.items[-1][1]


@lru_cache(maxsize=2048)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg as pseg  # lazy: the dictionary loads once, on first use

    return tuple((w, f) for w, f in pseg.lcut(text))


Token = tuple[str, str, int, int]  # word, part of speech, start, end


def _tokens(text: str) -> list[Token]:
    out, pos = [], 0
    for w, f in _tags(text):
        out.append((w, f, pos, pos + len(w)))
        pos += len(w)
    return out


def _nominal(toks: Sequence[Token], i: int, kinds: tuple[str, ...]) -> bool:
    w, f = toks[i][0], toks[i][1]
    if all(c in _QUOTES for c in w) or (f == "x" and not re.fullmatch(r"[\u4e00-\u9fff]+", w)):
        return all(c in _QUOTES for c in w)
    if w == "和" and kinds is _LEFT:  # 住房和城乡建设局: 和 inside the first item's name
        return i > 0 and toks[i - 1][1].startswith(kinds)
    if f == "a":  # 最美公路人 yes, 成功入选 no: an adjective before a noun
        return i + 1 < len(toks) and toks[i + 1][1].startswith(kinds)
    return f.startswith(kinds)


def _middle(toks: Sequence[Token], a: int, b: int) -> bool:
    """Tokens ``a..b-1`` can be one item between two separators."""
    if a >= b or toks[b - 1][3] - toks[a][2] > MAX_ITEM:
        return False
    return not any(
        f.startswith(_BREAK) or f == "x" and w in "，。；：！？" for w, f, *_ in toks[a:b]
    )


def _edge(toks: Sequence[Token], i: int, step: int, kinds: tuple[str, ...]) -> int:
    """The last token index of the item that starts next to a separator and runs away from
    it (``step`` -1: to the left), -1 / len when none."""
    j = i
    while 0 <= j + step < len(toks) and _nominal(toks, j + step, kinds):
        j += step
        if abs(toks[j][3] - toks[i + step][2]) > MAX_ITEM:
            break
    return j


def _chain(toks: Sequence[Token], seps: list[int]) -> tuple[tuple[int, int], ...] | None:
    """Items (text offsets) of the enumeration around separators ``seps`` (token indices)."""
    first = _edge(toks, seps[0], -1, _LEFT)
    while first < seps[0] and toks[first][1] == "vn":
        first += 1  # a verbal noun opens no item: 设置电工
    last = _edge(toks, seps[-1], 1, _LEFT)
    if first == seps[0] or last == seps[-1]:
        return None
    bounds = [(first, seps[0])]
    bounds += [(a + 1, b) for a, b in zip(seps, seps[1:], strict=False)]
    bounds.append((seps[-1] + 1, last + 1))
    return tuple((toks[a][2], toks[b - 1][3]) for a, b in bounds)


def enumerations(text: str) -> list[Enumeration]:
    """The enumerations of ``text``: items separated by 、 (a conjunction before the last
    one), or two items joined by a conjunction that end alike (教师队和代表队).

    >>> [[t[a:b] for a, b in e.items] for t in ["赴杭州、上海开展招商"] for e in enumerations(t)]
    [['杭州', '上海']]
    """
    toks = _tokens(text)
    out: list[Enumeration] = []
    chain: list[int] = []
    for i, (w, *_rest) in enumerate(toks):
        if w == "、" or (w in _CONJ and not any(toks[j][0] in _CONJ for j in chain)):
            if chain and not _middle(toks, chain[-1] + 1, i):
                _keep(out, text, toks, chain)
                chain = []
            chain.append(i)
    _keep(out, text, toks, chain)
    return out


def _keep(out: list[Enumeration], text: str, toks: Sequence[Token], chain: list[int]) -> None:
    while chain and toks[chain[0]][0] in _CONJ and len(chain) > 1:
        chain = chain[1:]  # 住房和城乡建设局、…: a conjunction before the first 、 is a word's
    if not chain:
        return
    items = _chain(toks, chain)
    if items is None:
        return
    words = [text[a:b] for a, b in items]
    if all(toks[i][0] in _CONJ for i in chain) and len({w[-1] for w in words}) > 1:
        return  # 省文化和旅游厅: a name with 和 in it, not two items
    if all(w.endswith(title_words()) for w in words[:-1]):
        return  # 县委副书记、县长龙海波: one person's titles, not a list
    out.append(Enumeration(items))


def _category(question: str) -> str:
    """The noun a Chinese list question asks for: 哪两个村 → 村, 哪些比赛项目 → 比赛项目,
    点名的重点项目有哪些 → 重点项目 ("" when none)."""
    m = _WHICH.search(question)
    if m is None or _PEOPLE_Q.search(question.lower()):
        return ""  # people are told by name, not by a kind noun
    after = _tags(question[m.end() :])
    if after and (after[0][1].startswith("n") or after[0][1] == "v" and len(after[0][0]) > 1):
        return after[0][0]
    if _ASKED_AFTER.search(question):
        before = _tags(question[: m.start()])
        nouns = [w for w, f in before[-2:] if f.startswith("n")]
        return nouns[-1] if nouns else ""
    return ""


def _fits(cat: str, clause: str, words: Sequence[str]) -> bool:
    """The items are of the kind asked: they end like it (村, 队伍 → 代表队), the clause
    names it (电工、焊工…5个比赛项目), or places are asked and the items are place names."""
    if not cat:
        return False
    if cat in clause or any(w.endswith((cat[0], cat[-1])) for w in words):
        return True
    return cat in _PLACE_KINDS and all(_tags(w)[-1][1] == "ns" for w in words if _tags(w))


def _score(query: Query, terms: KeyTerms, ev: Evidence, clause: str, e: Enumeration) -> float:
    words = [clause[a:b] for a, b in e.items]
    echo = sum(1 for w in words if w in query.text) / len(words)
    fits = _fits(_category(query.text), clause, words)
    return (
        ev.support
        + CLAUSE_WEIGHT * terms.coverage(clause)
        + (CATEGORY_BONUS if fits else 0.0)
        - ECHO_PENALTY * echo
    )


def _best_enumeration(
    query: Query, terms: KeyTerms, found: Sequence[Evidence], bar: float
) -> tuple[Evidence, tuple[tuple[int, int], ...]] | None:
    """(sentence, items as article offsets) of the best enumeration in the top sentences."""
    best: tuple[float, Evidence, tuple[tuple[int, int], ...]] | None = None
    for ev in found[:TOP_SENTENCES]:
        sent = ev.text
        for ca, cb in clauses(sent) if len(clauses(sent)) > 1 else [(0, len(sent))]:
            clause = sent[ca:cb]
            for e in enumerations(clause):
                words = [clause[a:b] for a, b in e.items]
                cat = _category(query.text)
                if query.qtype == "org":
                    fit = all(orgs(w) for w in words)  # 哪些单位: every item names one
                else:
                    fit = _fits(cat, clause, words)
                if (cat or ev.coverage < bar) and not fit:
                    continue  # a list of another kind (or too weakly supported)
                score = _score(query, terms, ev, clause, e)
                items = tuple((ev.start + ca + a, ev.start + ca + b) for a, b in e.items)
                if best is None or score > best[0]:
                    best = (score, ev, items)
    return (best[1], best[2]) if best else None


def _people_items(query: Query, terms: KeyTerms, ev: Evidence) -> tuple[tuple[int, int], ...]:
    """The people named in the sentence's best-matching clause (all of the sentence when that
    clause names fewer than two), those the question names left out."""
    sent = ev.text
    parts = sorted(clauses(sent), key=lambda c: -terms.coverage(sent[c[0] : c[1]]))
    for a, b in [parts[0], (0, len(sent))] if parts else [(0, len(sent))]:
        found = [
            (ev.start + a + x, ev.start + a + y)
            for x, y in people(sent[a:b], ev.article.people)
            if sent[a + x : a + y] not in query.text
        ]
        if len(found) >= 2:
            return tuple(found)
    return ()


def list_reply(
    query: Query,
    hits: Sequence[Hit],
    articles: Mapping[str, Article],
    terms: KeyTerms,
    *,
    min_coverage: float,
    k: int,
) -> Answer | None:
    """Every item of the list the question asks for, cited; None when no supported sentence
    holds a list (the typed rules then answer)."""
    found = sentences(hits, articles, terms, LIST_BAR * min_coverage)
    if not found:
        return None
    if _PEOPLE_Q.search(query.text.lower()):
        for ev in found[:TOP_SENTENCES]:
            items = _people_items(query, terms, ev)
            if items:
                short = "、".join(ev.article.text[a:b] for a, b in items)
                return _reply(query, ev, items, short, found, k)
    best = _best_enumeration(query, terms, found, min_coverage)
    if best is None and query.qtype == "org":
        return _signed_orgs(query, found, k)
    if best is None:  # a kind asked (哪几点要求) and no list of it: the report does not say
        return refusal(query, hits, articles, k) if _category(query.text) else None
    ev, items = best
    short = ev.article.text[items[0][0] : items[-1][1]]
    return _reply(query, ev, items, short, found, k)


def _signed_orgs(query: Query, found: Sequence[Evidence], k: int) -> Answer | None:
    """Bodies named one after another with no separator (a notice's issuers, one per line:
    柳湾区住房和城乡建设局 / 柳湾公安分局交通管理大队)."""
    for ev in found[:TOP_SENTENCES]:
        named = tuple((ev.start + a, ev.start + b) for a, b in orgs(ev.text))
        if len(named) >= 2:
            short = "、".join(ev.article.text[a:b] for a, b in named)
            return _reply(query, ev, named, short, found, k)
    return None


def _reply(
    query: Query,
    ev: Evidence,
    items: tuple[tuple[int, int], ...],
    short: str,
    found: Sequence[Evidence],
    k: int,
) -> Answer:
    cites = [cite(1, ev, (items[0][0], items[-1][1]))]
    seen = {ev.hit.passage.id}
    for other in found:
        if len(cites) >= k:
            break
        if other.hit.passage.id not in seen:
            seen.add(other.hit.passage.id)
            cites.append(cite(len(cites) + 1, other, None))
    if query.lang == "en":
        text = f"{short} [1]. Source: “{ev.text}”"
    else:
        text = f"{short}[1]。依据：“{ev.text}”"
    return Answer(query.text, True, short, text, tuple(cites), query.qtype, query.lang)
