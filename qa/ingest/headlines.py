"""Headline units assigned to article bodies by content (idf-weighted character-bigram
overlap, one-to-one first; position is only a weak prior), then each article's units become
its title and subtitle."""

from __future__ import annotations

import logging
import math
from bisect import bisect_left
from collections import Counter
from typing import Protocol

from qa.ingest.headline_lines import object_line
from qa.ingest.layout import HEADLINE_CHARS, Body, Unit
from qa.ingest.titles import bigrams, title_parts

log = logging.getLogger(__name__)

WINDOW = 12  # bodies on either side a headline may belong to (a page holds fewer)
CONFIDENT = 0.25  # content score of a sure match
NEAR, NEIGHBOUR = 0.05, 0.02  # position priors: directly above/below, next body in page order


class Titled(Protocol):
    """An article being built: its body text, headline units, title and subtitle."""

    text: str
    units: list[Unit]
    title: str
    subtitle: str
    kicker: str


class _Scorer:
    """Content (idf-weighted share of a unit's bigrams found in a body) plus position prior."""

    def __init__(self, bodies: list[Body], texts: list[str]) -> None:
        self.bodies = bodies
        self.grams = [bigrams(t) for t in texts]
        df = Counter(g for gs in self.grams for g in gs)
        n = len(bodies)
        self.idf = {g: math.log(1 + n / (1 + c)) for g, c in df.items()}
        self.unseen = math.log(1 + n)
        self.starts = [b.start for b in bodies]

    def content(self, ug: set[str], b: int) -> float:
        weights = {g: self.idf.get(g, self.unseen) for g in ug}
        total = sum(weights.values())
        return sum(w for g, w in weights.items() if g in self.grams[b]) / total if total else 0.0

    def prior(self, u: Unit, b: int) -> float:
        k = bisect_left(self.starts, u.start)  # the first body below the unit
        body = self.bodies[b]
        if (b == k and body.start - u.end <= 2) or (b == k - 1 and u.start - body.end <= 2):
            return NEAR
        return NEIGHBOUR if b in (k - 1, k) else 0.0

    def candidates(self, u: Unit) -> range:
        k = bisect_left(self.starts, u.start)
        return range(max(0, k - WINDOW), min(len(self.bodies), k + WINDOW))


def _split_mixed(u: Unit, sc: _Scorer) -> list[Unit]:
    """A unit whose lines name different articles (headlines stacked with no blank line
    between them) split where a line matches another body well and the lines above poorly."""
    cuts = [0]
    for k in range(1, len(u.lines)):
        above = Unit(u.start + cuts[-1], u.start + k, u.lines[cuts[-1] : k])
        above_text = above.text
        if len(HEADLINE_CHARS.findall(above_text)) < 8 or object_line(u.lines[k - 1], u.lines[k]):
            continue  # too short to name an article, or one headline broken before its object
        above_grams = bigrams(above_text)
        line = bigrams(Unit(u.start + k, u.start + k + 1, u.lines[k : k + 1]).text)
        ours = max(sc.candidates(u), key=lambda b: sc.content(above_grams, b))
        theirs = max(sc.candidates(u), key=lambda b: sc.content(line, b))
        if sc.content(line, theirs) >= 2 * CONFIDENT and sc.content(line, ours) < CONFIDENT:
            cuts.append(k)
    bounds = [*cuts, len(u.lines)]
    return [
        Unit(u.start + a, u.start + b, u.lines[a:b])
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _assign(units: list[Unit], sc: _Scorer) -> list[int]:
    """Body index for each unit (-1 = dropped): sure matches one-to-one by best score, then
    the other sure matches to their best body, then weak units by position."""
    grams = [bigrams(u.text) for u in units]
    content = [{b: sc.content(grams[i], b) for b in sc.candidates(u)} for i, u in enumerate(units)]
    score = [{b: c + sc.prior(u, b) for b, c in content[i].items()} for i, u in enumerate(units)]
    owner = [-1] * len(units)
    taken: set[int] = set()
    sure = [
        (s, i, b)
        for i in range(len(units))
        for b, s in score[i].items()
        if content[i][b] >= CONFIDENT
    ]
    for _s, i, b in sorted(sure, reverse=True):
        if owner[i] == -1 and b not in taken:
            owner[i] = b
            taken.add(b)
    for _s, i, b in sorted(sure, reverse=True):
        if owner[i] == -1:
            owner[i] = b
    prior = [{b: score[i][b] - c for b, c in content[i].items()} for i in range(len(units))]
    _assign_weak(units, score, prior, owner)
    return owner


def _assign_weak(
    units: list[Unit],
    score: list[dict[int, float]],
    prior: list[dict[int, float]],
    owner: list[int],
) -> None:
    """Units without a sure match: to an untitled body next to them, else to the article of
    the unit next to them in the same headline cluster, else to their best body if any."""
    untitled = {b for row in score for b in row} - set(owner)
    weak = [i for i in range(len(units)) if owner[i] == -1]
    # only a unit's candidate bodies can have a positive prior (and a prior at all)
    pairs = [
        (score[i][b], i, b) for i in weak for b in prior[i] if b in untitled and prior[i][b] > 0
    ]
    for _s, i, b in sorted(pairs, reverse=True):
        if owner[i] == -1 and b in untitled:
            owner[i] = b
            untitled.discard(b)
    for i in weak:
        if owner[i] != -1:
            continue
        near = [
            owner[j]
            for j in (i - 1, i + 1)
            if 0 <= j < len(units)
            and owner[j] != -1
            and abs(units[j].start - units[i].start) <= len(units[min(i, j)].lines) + 2
        ]
        best = max(near or score[i], key=lambda b: score[i].get(b, 0.0), default=-1)
        if best != -1 and (near or score[i][best] > NEAR):
            owner[i] = best
        else:
            log.debug("headline %r matches no article; dropped", units[i].text[:80])


def assign_headlines(articles: list[Titled], bodies: list[Body], units: list[Unit]) -> None:
    """Give each article its headline units, title and subtitle (in place)."""
    if not articles or not units:
        return
    sc = _Scorer(bodies, [a.text for a in articles])
    units = [part for u in units for part in (_split_mixed(u, sc) if len(u.lines) > 1 else [u])]
    owner = _assign(units, sc)
    for u, b in zip(units, owner, strict=True):
        if b != -1:
            articles[b].units.append(u)
    for a in articles:
        pieces = [u.lines for u in sorted(a.units, key=lambda x: x.start)]
        a.title, a.subtitle, a.kicker = title_parts(pieces, a.text)
