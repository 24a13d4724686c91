"""Dates in questions: 5月, 5月上旬, 5月31日, 2023年5月, 今年5月, 6月10日到14日, in May,
on May 5, in 2023, between May 16 and May 20 → an ISO range matched against article dates.

A range is two ``YYYY-MM-DD`` strings; the year ``0000`` means "not said" (5月 alone): such a
range matches the month and day in any year, and :func:`pick_year` chooses the year the
question is about. Relative years (今年, 去年) count from the archive's latest date.

>>> date_range("5月上旬有哪些会议？", "2025-05-21")
('0000-05-01', '0000-05-10')
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Sequence

from qa.records import Article

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_PARTS = {
    "上旬": (1, 10),
    "中旬": (11, 20),
    "下旬": (21, 31),
    "初": (1, 10),
    "底": (21, 31),
    "末": (21, 31),
}
_REL = {"今年": 0, "去年": -1, "前年": -2, "this year": 0, "last year": -1}
_ZH = re.compile(
    r"(?:(\d{4})年|(今年|去年|前年))?(?:(\d{1,2})月(?:份)?(上旬|中旬|下旬|初|底|末)?)?"
    r"(?:(\d{1,2})[日号])?"
)
_EN_MD = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
    r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:\s*[-–]\s*(\d{1,2})\b)?(?:,?\s+(\d{4}))?"
)
_EN_Y = re.compile(r"\b(?:in|during|of)\s+(\d{4})\b|\b(this year|last year)\b")

Point = tuple[int, int, int]  # (year or 0, month or 0, day or 0)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year or 2024, month)[1]


def _zh_points(q: str, latest_year: int) -> list[tuple[Point, Point]]:
    out: list[tuple[Point, Point]] = []
    year = month = 0
    for m in _ZH.finditer(q):
        y, rel, mo, part, d = m.groups()
        if not (y or rel or mo or d) or (d and not mo and not out):
            continue  # a bare 18日 only continues an earlier date (6月10日到14日)
        if y or rel:
            year = int(y) if y else latest_year + _REL[rel]
        month = int(mo) if mo else month
        if d and month:
            out.append(((year, month, int(d)), (year, month, int(d))))
        elif month:
            lo, hi = _PARTS.get(part or "", (1, 31))
            out.append(((year, month, lo), (year, month, min(hi, _last_day(year, month)))))
        elif year:
            out.append(((year, 1, 1), (year, 12, 31)))
    return out


def _en_points(q: str, latest_year: int) -> list[tuple[Point, Point]]:
    out: list[tuple[Point, Point]] = []
    ym = _EN_Y.search(q.lower())
    year = 0
    if ym:
        year = int(ym.group(1)) if ym.group(1) else latest_year + _REL[ym.group(2)]
    for m in _EN_MD.finditer(q.lower()):
        mon, d1, d2, y = m.groups()
        month, yy = _MONTHS[mon], int(y) if y else year
        if (
            mon in ("may", "mar")
            and not d1
            and not re.search(rf"\b(?:in|of|during|early|late)\s+{mon}\b", q.lower())
        ):
            continue  # "may" and "mar" are words too
        if d1:
            out.append(((yy, month, int(d1)), (yy, month, int(d2 or d1))))
        else:
            out.append(((yy, month, 1), (yy, month, _last_day(yy, month))))
    if not out and year:
        out.append(((year, 1, 1), (year, 12, 31)))
    return out


def date_range(question: str, latest: str = "") -> tuple[str, str] | None:
    """The ISO range a question asks about (year 0000 when not said), or None."""
    q = unicodedata.normalize("NFKC", question)
    latest_year = int(latest[:4]) if latest[:4].isdigit() else 0
    points = _zh_points(q, latest_year) or _en_points(q, latest_year)
    if not points:
        return None
    lo, hi = min(p[0] for p in points), max(p[1] for p in points)
    if lo[0] == 0 and hi[0]:
        lo = (hi[0], *lo[1:])
    if hi[0] == 0 and lo[0]:
        hi = (lo[0], *hi[1:])
    return (f"{lo[0]:04d}-{lo[1]:02d}-{lo[2]:02d}", f"{hi[0]:04d}-{hi[1]:02d}-{hi[2]:02d}")


def in_range(iso: str, rng: tuple[str, str], year: str = "") -> bool:
    """Does the article date ``iso`` (YYYY-MM-DD or YYYY-MM) fall in ``rng``? A year-less range
    matches month and day, in ``year`` when given."""
    if len(iso) < 7:
        return False
    lo, hi = rng
    if lo.startswith("0000"):
        if year and iso[:4] != year:
            return False
        lo, hi = iso[:4] + lo[4:], iso[:4] + hi[4:]
    if len(iso) == 7:  # a month without a day: overlaps the range
        return lo[:7] <= iso <= hi[:7]
    return lo <= iso[:10] <= hi


def pick_year(matched: Sequence[Article], words: Iterable[str]) -> str:
    """The year a year-less question is about: the one whose matching articles share most
    words with the question (ties: the latest)."""
    words = [w for w in words if len(w) >= 2]
    score: dict[str, int] = {}
    for a in matched:
        hay = a.title + a.text
        score[a.date_iso[:4]] = score.get(a.date_iso[:4], 0) + sum(w in hay for w in words)
    return max(score, key=lambda y: (score[y], y)) if score else ""


def latest_date(articles: Iterable[Article]) -> str:
    """The latest ISO date of the archive ("" when nothing is dated)."""
    return max((a.date_iso for a in articles if a.date_iso), default="")


_TEXT_DATE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")


def text_dates(articles: Iterable[Article], head: int = 150) -> dict[str, str]:
    """Article id → ISO date for articles ingestion left undated but whose opening
    ``head`` characters name a day (受旱情影响…9月22日，县里决定…), the year taken from the
    dated articles of the same source."""
    arts = list(articles)
    years: dict[str, dict[str, int]] = {}
    for a in arts:
        if a.date_iso:
            y = years.setdefault(a.source, {})
            y[a.date_iso[:4]] = y.get(a.date_iso[:4], 0) + 1
    out = {}
    for a in arts:
        m = _TEXT_DATE.search(unicodedata.normalize("NFKC", a.text[:head]))
        if a.date_iso or m is None or not years.get(a.source):
            continue
        year = max(years[a.source], key=lambda y: years[a.source][y])
        mo, d = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and 1 <= d <= _last_day(int(year), mo):
            out[a.id] = f"{year}-{mo:02d}-{d:02d}"
    return out
