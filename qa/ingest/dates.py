"""Dates of articles and pages: the first ``M月D日`` (or ``M月底/初/中旬…``) of a body's first
sentence, as written; a range ``3月28日至4月26日`` gives its start. The year comes from the
date itself, the page's edition line (``2024年3月8日 星期五``) or the page's most frequent
``YYYY年``.
"""

from __future__ import annotations

import re
from collections import Counter

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTH_PART = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(底|初|中旬|上旬|下旬|中)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})年\s*(\d{1,2})\s*月")
_SENTENCE_END = re.compile(r"[。！？\n]")


def infer_year(*texts: str) -> int | None:
    """The most frequent year written as ``YYYY年`` in ``texts`` (the latest on a tie)."""
    years = Counter(int(y) for t in texts for y in _YEAR.findall(t))
    if not years:
        return None
    return max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def issue_year_month(*texts: str) -> tuple[int, int] | None:
    """(year, month) of the first ``YYYY年M月`` in ``texts`` (a page's edition line)."""
    for t in texts:
        m = _YEAR_MONTH.search(t)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    return None


def extract_date(text: str, year: int | None, *, issue_month: int | None = None) -> tuple[str, str]:
    """(date as written, ISO date or '') from the first sentence of ``text``.

    ``3月28日至4月26日`` gives the start, ``3月28日``; ``5月底`` gives ``5月底`` / ``YYYY-05``.
    A year written with the date (``2022年9月3日``) wins over ``year``. With ``issue_month``
    (``year`` is then the issue's year) a later month is taken from the year before: a page
    of 2025年1月2日 reporting on 12月30日 means 2024-12-30.

    >>> extract_date("本报讯 5月31日上午，二七区召开会议。", 2023)
    ('5月31日', '2023-05-31')
    """
    end = _SENTENCE_END.search(text)
    head = text[: end.start()] if end else text
    day = _DATE.search(head)
    part = _MONTH_PART.search(head)
    m = day if day and (not part or day.start() <= part.start()) else part
    if m is None:
        return "", ""
    y = int(m.group(1)) if m.group(1) else year
    written = m.group(0)[len(m.group(1)) + 1 :] if m.group(1) else m.group(0)
    month = int(m.group(2))
    if y is not None and not m.group(1) and issue_month is not None and month > issue_month:
        y -= 1
    if not 1 <= month <= 12 or y is None:
        return written, ""
    if m is part:
        return written, f"{y:04d}-{month:02d}"
    d = int(m.group(3))
    return written, (f"{y:04d}-{month:02d}-{d:02d}" if 1 <= d <= 31 else "")
