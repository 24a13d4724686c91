"""Key terms of a question and how well a piece of text covers them.

Chinese questions: jieba words of the question (question words dropped), weighted by the
archive's idf, so a term the archive never prints (GDP) weighs most and, missing, sinks the
coverage. English questions: each content word is a group of Chinese translations (names by
pinyin, proper nouns also as the retrieved passages spell them); a group is covered when any
of its translations occurs; common words also get the words the retrieved passages use for
them (:mod:`qa.answering.context_gloss`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering import context_gloss
from qa.answering.qtype import ROLE_ALIASES, ROLES
from qa.answering.spelled import spelled
from qa.records import Gloss, Query
from qa.text.cjk import is_cjk
from qa.text.tokenize import STOP_TOKENS
from qa.text.vocab import word_set

# A word the archive never prints weighs like a rare word, not more: 共有/外出 in a question
# must not outweigh its real key terms, yet GDP (plus 2022) still sinks the coverage.
UNKNOWN_CAP = 2.5


@dataclass(frozen=True)
class TermWeights:
    """Weights of English key-term groups: names and numbers must match; a proper noun
    weighs more than a common word; a word the archive never prints in any translation
    (a paraphrase) weighs less; an acronym the dictionary lacks (GDP) must occur."""

    name: float = 3.0
    number: float = 2.0
    proper: float = 2.0
    in_archive: float = 1.0
    paraphrase: float = 0.7
    acronym: float = 1.5


W = TermWeights()


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


def _zh_terms(query: Query) -> KeyTerms:
    groups = []
    roles = {v for r in ROLES for v in ROLE_ALIASES.get(r, (r,))}
    for tok, idf in dict(query.words).items():
        if tok in STOP_TOKENS or tok in roles or (len(tok) < 2 and not tok.isdigit()):
            continue
        groups.append(((tok,), min(idf, UNKNOWN_CAP)))
    return KeyTerms(tuple(groups), (False,) * len(groups))


def _gloss_group(g: Gloss) -> tuple[tuple[str, ...], float, bool] | None:
    """(translations, weight, is a common word) of one English word, or None to skip it."""
    if g.word.lower() in word_set("generic_en.txt"):
        return None
    if any(re.search(pat, g.word.lower()) for pat, _ in ROLES.values()):
        return None  # the role verb is scored by role_match, not coverage
    if g.translations:
        # proper nouns (Beijing) must match; a paraphrase word (trip) the archive never
        # prints in any translation weighs less
        w = W.proper if g.proper else W.in_archive if g.in_archive else W.paraphrase
        return g.translations, w, not g.proper
    if re.fullmatch(r"[A-Z0-9]{2,}", g.word):
        return (g.word.lower(),), W.acronym, True  # GDP: an acronym the dictionary lacks
    return None


def _en_terms(query: Query, texts: Sequence[str]) -> KeyTerms:
    groups: list[tuple[tuple[str, ...], float]] = [((n,), W.name) for n in query.names]
    groups += [((n,), W.number) for n in query.numbers]
    content = [False] * len(groups)
    chosen = context_gloss.choose(query, texts)
    for g in query.glosses:
        if g.word.lower() in query.name_words:
            continue
        group = _gloss_group(g)
        local = spelled(g.word, texts) if g.proper else ()
        if local:  # the name as the retrieved passages print it (瀚川 for Hanchuan)
            group = (tuple(dict.fromkeys(local + (group[0] if group else ()))), W.proper, False)
        if g.word in chosen and group is not None and group[2]:
            # the words the retrieved passages use for it (就业岗位 for jobs, not 乔布斯)
            trans = tuple(dict.fromkeys(chosen[g.word] + group[0]))
            group = (trans, max(group[1], W.in_archive), True)
        if group is not None:
            groups.append(group[:2])
            content.append(group[2])
    return KeyTerms(tuple(groups), tuple(content))


def key_terms(query: Query, texts: Sequence[str] = ()) -> KeyTerms:
    """Key terms of ``query`` (see module docstring); ``texts`` (the retrieved passages)
    supply the Chinese spelling of an English proper noun (:mod:`qa.answering.spelled`)."""
    return _zh_terms(query) if query.lang == "zh" else _en_terms(query, texts)
