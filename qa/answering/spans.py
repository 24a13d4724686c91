"""Typed candidate spans in a sentence: people, dates, places, numbers, organisations, lists.

Each finder returns ``(start, end)`` offsets into the sentence it was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.records import Person
from qa.text.cjk import CJK
from qa.text.vocab import word_list

_DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:至\d{1,2}月\d{1,2}日)?(?:上午|下午|晚上|晚)?"
    r"|(?:\d{4}年)?\d{1,2}月(?:底|初|上旬|中旬|下旬)|\d{4}年\d{1,2}月|近日|日前"
)
_UNITS = "|".join(map(re.escape, word_list("units_zh.txt")))  # in file order: longest first
_DIGITS = r"(?<![\d.])(?:\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?"  # 3 000: grouped thousands
_NUMBER = re.compile(
    rf"(?:约|近|超过|不低于|不少于|逾|达|共)?{_DIGITS}(?:余|多)?(?:万|亿)?(?:{_UNITS})(?!目)"
    rf"(?:[{CJK}]{{0,3}})?"
    r"|[一二三四五六七八九十两]+(?:个|家|项|次|名|位|所|条)"
)
_ORG_SUFFIX = "|".join(map(re.escape, word_list("org_suffixes_zh.txt")))
_ORG = re.compile(rf"[{CJK}A-Za-z0-9·（）()]{{2,24}}?(?:{_ORG_SUFFIX})")
_ORG_LEFT = re.compile(r"^.*(?:与|同|到|赴|了|对|在|向|由|从|，|、|“|：|为|将|是|及)|^和")
# 和 joins two bodies only after a body's name (县教育局和县科协); in 文化和旅游厅 it is inside one
_ORG_AND = re.compile(rf"^.*(?:{_ORG_SUFFIX})和")
_ADDRESS = r"(?:（[^）]{1,30}）)?"  # 县人力资源市场（鹤溪街道文化路88号）
_PLACE = [
    re.compile(
        rf"在([{CJK}A-Za-z0-9·、]{{2,30}}?{_ADDRESS})"
        r"(?:召开|举行|举办|开展|进行|组织|会见|座谈|设[主分]?会场)"
    ),
    re.compile(
        rf"(?:设在|位于|坐落于|选址|落户)([{CJK}A-Za-z0-9·]{{2,30}}?{_ADDRESS})(?=[，。；]|$)"
    ),
    re.compile(rf"赴([{CJK}、]{{2,30}}?)(?:开展|考察|参加|调研|学习|进行|，)"),
    re.compile(
        rf"(?:先后)?到([{CJK}A-Za-z0-9·、]{{2,60}}?)(?:等地|等|考察|调研|察看|实地|检查|，)"
    ),
]
_LIST = re.compile(
    rf"(?:到|赴|在|包括|有|对|从|围绕|以及|考察了|走访了|设置了)?"
    rf"([{CJK}A-Za-z0-9·“”]{{2,30}}(?:、[{CJK}A-Za-z0-9·“”]{{1,30}})+)"
)
_QUOTED = re.compile(r"《[^》]{1,40}》|“[^”]{2,40}”")
# a length of time: 31年, 3个月, 1小时06分12秒 (not a date: 18日, 2023年, 10时18分)
_DURATION = re.compile(
    r"(?<![\d.月年])(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百半]+)(?:多|余)?"
    r"(?:个多?月|年|周|个?星期|天|小时(?:\d+分(?:钟)?)?(?:\d+秒)?|分钟|分\d+秒|秒)"
)


def dates(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DATE.finditer(s)]


def numbers(s: str) -> list[tuple[int, int]]:
    out = []
    for m in _NUMBER.finditer(s):
        a, b = m.span()
        text = s[a:b]
        # trailing CJK after the unit is kept only when it is a measure noun (个单位, 个科目)
        core = re.match(
            rf"(?:约|近|超过|不低于|不少于|逾|达|共)?[\d. ]+(?:余|多)?(?:万|亿)?(?:{_UNITS})"
            r"|[一二三四五六七八九十两]+(?:个|家|项|次|名|位|所|条)",
            text,
        )
        if re.match(r"(?:19|20)\d{2}年", text):
            continue  # a year is a date, not a count
        out.append((a, b if core is None else a + core.end()))
        if core is not None and b > a + core.end():
            out.append((a, b))
    return out


def people(s: str, known: Iterable[Person]) -> list[tuple[int, int]]:
    """Spans of the names of ``known`` people (those ingestion found in the article)."""
    names = {p.name for p in known}
    out = []
    for n in names:
        out.extend(m.span() for m in re.finditer(re.escape(n), s))
    return sorted(set(out))


_ANAPHOR = re.compile(r"^(该|此|本|其|这|那|各|全|听取|了解)")
# endings that only look like a body's (格局, 大局; 中心 as "the centre of"): not names
_NOT_ORG = re.compile(
    r"(?:格|布|结|大|全|当|开|残|骗|饭|赌|棋|时|终|变|战)局$|(?:核|重|为|以)中心$"
)
_NOT_PLACE = re.compile(r"^(随后|此前|会上|期间|当天|现场|一起|基层|此次|今年)$")


def orgs(s: str) -> list[tuple[int, int]]:
    """Organisation names; anaphora such as 该公司 are not names."""
    out = []
    for m in _ORG.finditer(s):
        a, b = m.span()
        for pat in (_ORG_LEFT, _ORG_AND):
            left = pat.match(s[a:b])
            if left and left.end() < b - a - 2:
                a += left.end()
        if not _ANAPHOR.match(s[a:b]) and not _NOT_ORG.search(s[a:b]) and b - a >= 4:
            prev = out[-1] if out else None
            # 县发展和改革局 + 价格监测中心: a body's unit; a name that starts over with the
            # same place (柳湾区…局 / 柳湾公安分局…) is the next body of a signature
            if prev and prev[1] == a and s[a : a + 2] != s[prev[0] : prev[0] + 2]:
                a = out.pop()[0]
            out.append((a, b))
    return out


def places(s: str) -> list[tuple[int, int]]:
    """Venues and destinations (在…召开, 赴…开展, 到…考察); time words are not places."""
    return [
        m.span(1) for pat in _PLACE for m in pat.finditer(s) if not _NOT_PLACE.match(m.group(1))
    ]


def lists(s: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _LIST.finditer(s)]


def quoted(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(s)]


def durations(s: str) -> list[tuple[int, int]]:
    """Lengths of time (历时3天, 31年, 1小时06分12秒); a year (2023年) is a date, not one."""
    return [
        m.span()
        for m in _DURATION.finditer(s)
        if not re.fullmatch(r"(?:1[89]|20)\d{2}年", m.group())
    ]
