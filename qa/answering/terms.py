"""Key terms of a question and how well a piece of text covers them.

Chinese questions: jieba words of the question (question words dropped), weighted by the
archive's idf, so a term the archive never prints (GDP) weighs most and, missing, sinks the
coverage. English questions: each content word is a group of Chinese translations (names by
pinyin); a group is covered when any of its translations occurs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from qa.answering.qtype import ROLE_ALIASES, ROLES, QuestionInfo
from qa.records import Article
from qa.retrieval.crossling import NEWS_GLOSSARY, STOP, CrossLingual, capitalised_runs, lemmas
from qa.text.cjk import is_cjk
from qa.text.tokenize import STOP_TOKENS, Tokenizer, TokenizerConfig

# A word the archive never prints weighs like a rare word, not more: 共有/外出 in a question
# must not outweigh its real key terms, yet GDP (plus 2022) still sinks the coverage.
UNKNOWN_CAP = 2.5
_TOKENIZER = Tokenizer(TokenizerConfig(bigrams=False, search_mode=False))
_GENERIC_EN = frozenset(
    ["happen", "happened", "take", "took", "place", "held", "hold", "give", "gave", "make", "made", "get", "got", "say", "said", "tell", "told", "go", "goes", "went", "gone", "come", "came", "trip", "report", "article", "news", "paper", "mention", "mentioned", "according"]
)


@dataclass(frozen=True)
class KeyTerms:
    """Groups of alternative Chinese strings with weights."""

    groups: tuple[tuple[tuple[str, ...], float], ...]
    content: tuple[bool, ...] = ()  # per group: a common word (not a name or number)

    @property
    def zh(self) -> tuple[str, ...]:
        return tuple(t for g, _ in self.groups for t in g)

    def coverage(self, text: str) -> float:
        """Weighted share of groups with at least one member in ``text`` (1.0 if no groups)."""
        total = sum(w for _, w in self.groups)
        if total <= 0:
            return 1.0
        low = text.lower()
        return sum(w * _credit(g, low) for g, w in self.groups) / total

    def content_coverage(self, text: str) -> float:
        """Coverage of the common words only (1.0 when there are none): a question whose
        names all match but whose topic word (population, hospitals) is absent is unanswered."""
        sub = KeyTerms(tuple(g for g, c in zip(self.groups, self.content, strict=True) if c))
        return sub.coverage(text) if sub.groups else 1.0


def _credit(group: tuple[str, ...], text: str) -> float:
    """1 when a member occurs; a missing two-character Chinese word with one character found
    gets a quarter (会议 vs 动员会), so a near-miss is not a total miss."""
    if any(t in text for t in group):
        return 1.0
    if len(group) == 1 and len(group[0]) == 2 and is_cjk(group[0]):
        w = group[0]
        return 0.5 * sum(c in text for c in w) / len(w)
    return 0.0


def _zh_terms(info: QuestionInfo, idf: Callable[[str], float]) -> KeyTerms:
    groups = []
    roles = {v for r in ROLES for v in ROLE_ALIASES.get(r, (r,))}
    for tok in dict.fromkeys(_TOKENIZER.tokenize(info.core)):
        if tok in STOP_TOKENS or tok in roles or (len(tok) < 2 and not tok.isdigit()):
            continue
        groups.append(((tok,), min(idf(tok), UNKNOWN_CAP)))
    return KeyTerms(tuple(groups), (False,) * len(groups))


def _en_terms(question: str, articles: Mapping[str, Article],
              idf: Callable[[str], float]) -> KeyTerms:
    names = {p.name for a in articles.values() for p in a.people}
    xl = CrossLingual((), names)
    groups: list[tuple[tuple[str, ...], float]] = []
    for w, _ in xl.names_in(question):
        groups.append(((w,), 3.0))
    name_words = {p for run in capitalised_runs(question) for p in run} if groups else set()
    for num in re.findall(r"\d+(?:\.\d+)?", question):
        groups.append(((num,), 2.0))
    unknown = idf("\x00")  # the idf of a term the archive never prints
    content = [False] * len(groups)
    first = True
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", question):
        proper = word[0].isupper() and not first
        first = False
        lw = word.lower().strip("'")
        if lw in STOP or lw in _GENERIC_EN or lw in name_words or len(lw) < 3:
            continue
        if any(re.search(pat, lw) for pat, _ in ROLES.values()):
            continue  # the role verb is scored by role_match, not coverage
        gloss = [t for lem in lemmas(lw) for t in NEWS_GLOSSARY.get(lem, ()) if len(t) >= 2]
        trans = tuple(dict.fromkeys(
            gloss + [t for t, _ in xl.expand(word, max_terms=12) if len(t) >= 2]))
        if trans:
            in_archive = any(idf(t) < unknown - 1e-6 for t in trans)
            # proper nouns (Beijing) must match; a paraphrase word (trip) the archive never
            # prints in any translation weighs less
            groups.append((trans, 2.0 if proper else 1.0 if in_archive else 0.7))
            content.append(not proper)
        elif re.fullmatch(r"[A-Z0-9]{2,}", word):
            groups.append(((lw,), 1.5))  # GDP, CPI: an acronym the dictionary lacks must occur
            content.append(True)
    return KeyTerms(tuple(groups), tuple(content))


def key_terms(question: str, info: QuestionInfo, articles: Mapping[str, Article],
              idf: Callable[[str], float]) -> KeyTerms:
    """Key terms of ``question`` (see module docstring)."""
    if info.lang == "zh":
        return _zh_terms(info, idf)
    return _en_terms(question, articles, idf)
