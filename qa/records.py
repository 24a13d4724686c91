"""Typed, frozen records that cross module borders: Article, Passage, Hit, Citation, Answer.

Positions are first-class: a passage knows ``article_id``, ``start`` and ``end`` into the
article's stored ``text``; a citation knows where the answer span lies in that text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


def content_id(*parts: str, length: int = 16) -> str:
    """Stable hex id from text parts (re-ingesting the same content gives the same id)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Person:
    """A person named in an article, with the title written before the name (may be empty)."""

    name: str
    title: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("Person.name must be non-empty")


@dataclass(frozen=True)
class Article:
    """One article: cleaned body text plus metadata.

    ``text`` is stored exactly as cleaned; every offset elsewhere points into it.
    ``date`` is as written (``5月31日``); ``date_iso`` is ``YYYY-MM-DD`` (or ``YYYY-MM``)
    when the year is known, else ``""``. ``position`` is the article's ordinal on its page
    (0-based) and ``line`` the 1-based line where its body starts in the source file
    (0 for JSONL corpora).
    """

    id: str
    title: str
    text: str
    source: str
    subtitle: str = ""
    date: str = ""
    date_iso: str = ""
    position: int = 0
    line: int = 0
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    # issue 11: the 引题 above the title; 下转第3版 / 上接第1版 notes; a 简讯 item
    kicker: str = ""
    continued: str = ""
    brief: bool = False
    # issue 13: the mean OCR recognition score of a scanned article (None: not OCR'd); where
    # it stands on its first page, (x0, y0, x1, y1) as fractions of the page, y downwards;
    # the path of the PDF or image it was read from (for the page crop in the viewer)
    ocr_confidence: float | None = None
    page_box: tuple[float, ...] = ()
    file: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Article.id must be non-empty")
        if not self.text.strip():
            raise ValueError(f"Article {self.id!r} has empty text")
        if self.ocr_confidence is not None and not 0.0 <= self.ocr_confidence <= 1.0:
            raise ValueError(
                f"Article {self.id!r}: ocr_confidence {self.ocr_confidence} is not in 0..1"
            )
        if self.page_box and len(self.page_box) != 4:
            raise ValueError(f"Article {self.id!r}: page_box needs 4 numbers, got {self.page_box}")

    @property
    def chars(self) -> int:
        return len(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["people"] = [asdict(p) for p in self.people]
        d["reporters"] = list(self.reporters)
        d["correspondents"] = list(self.correspondents)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d["people"] = tuple(Person(**p) for p in d.get("people", ()))
        d["reporters"] = tuple(d.get("reporters", ()))
        d["correspondents"] = tuple(d.get("correspondents", ()))
        d["page_box"] = tuple(d.get("page_box", ()))
        return cls(**d)


@dataclass(frozen=True)
class Passage:
    """A sentence-aligned slice of an article: ``article.text[start:end] == text``."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    title: str = ""
    date: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"Passage {self.id!r}: bad span {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"Passage {self.id!r}: text length != end - start")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Passage:
        return cls(**d)


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and the per-signal scores behind it."""

    passage: Passage
    score: float
    signals: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer.

    ``start``/``end`` locate the passage in the article text; ``answer_start``/``answer_end``
    locate the answer span in the article text (None when the citation only supports).
    """

    n: int
    article_id: str
    title: str
    date: str
    source: str
    passage: str
    start: int
    end: int
    answer_start: int | None = None
    answer_end: int | None = None
    score: float = 0.0

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"Citation.n must be >= 1, got {self.n}")
        if (self.answer_start is None) != (self.answer_end is None):
            raise ValueError("Citation answer_start and answer_end must both be set or both None")
        if self.answer_start is not None and not (
            self.start <= self.answer_start < self.answer_end <= self.end  # type: ignore[operator]
        ):
            raise ValueError(
                f"Citation {self.n}: answer span {self.answer_start}..{self.answer_end} "
                f"is outside the passage {self.start}..{self.end}"
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        return cls(**d)


@dataclass(frozen=True)
class Answer:
    """What a person sees: the reply with ``[n]`` markers, the bare span and the sources.

    ``found`` is False when the archive has no supported answer; then ``short`` is empty and
    ``citations`` are the closest passages, shown as related.
    """

    question: str
    found: bool
    short: str
    text: str
    citations: tuple[Citation, ...] = ()
    qtype: str = ""
    lang: str = "zh"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["citations"] = [c.to_dict() for c in self.citations]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Answer:
        d = dict(d)
        d["citations"] = tuple(Citation.from_dict(c) for c in d.get("citations", ()))
        return cls(**d)


@dataclass(frozen=True)
class Gloss:
    """An English content word of a question with its Chinese translations."""

    word: str  # lower-case
    proper: bool  # capitalised inside the sentence (a proper noun: it must match)
    translations: tuple[str, ...]
    in_archive: bool  # at least one translation occurs in the archive


@dataclass(frozen=True)
class Query:
    """A question analysed once, in ``ask()``, for retrieval and answering alike.

    Retrieval reads ``lang``, ``bm25_terms`` and ``name_matched``; answering reads the
    question type, role, unit and the key-term material (``words`` for Chinese, ``glosses``,
    ``names`` and ``numbers`` for English).
    """

    text: str
    lang: Literal["zh", "en"]
    bm25_terms: tuple[tuple[str, float], ...] = ()
    name_matched: bool = False  # a word of the archive matched by pinyin (English)
    qtype: str = "what"
    role: str = ""  # Chinese role verb asked about (主持) or ""
    role_en: str = ""  # its English reply phrase ("chaired it")
    unit: str = ""  # measure word a number question asks for (人, 家, 元)
    core: str = ""  # the question without question words (Chinese)
    words: tuple[tuple[str, float], ...] = ()  # Chinese words of the core, with idf
    names: tuple[str, ...] = ()  # people of the archive named in an English question
    name_words: tuple[str, ...] = ()  # lower-case English words that spelled those names
    glosses: tuple[Gloss, ...] = ()  # English content words with translations
    numbers: tuple[str, ...] = ()  # numbers written in the question
    dates: tuple[str, ...] = ()  # (start, end) ISO dates asked about; year 0000: not said
    person: str = ""  # the person of the people index the question names

    def __post_init__(self) -> None:
        if self.lang not in ("zh", "en"):
            raise ValueError(f"Query.lang must be 'zh' or 'en', got {self.lang!r}")
