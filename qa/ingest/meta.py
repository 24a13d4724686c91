"""Article metadata from page text: bylines, titles, dates, people with their titles.

Bylines: ``记者 景静 通讯员 左学彬 周祎`` (roles 记者/本报记者/见习记者…, 通讯员, 实习生, 摄影).
Dates: the first ``M月D日`` (or ``M月底/初/中旬…``) of the body's first sentence, as written;
a range ``3月28日至4月26日`` gives its start. Title and subtitle: of an article's headline
pieces the one that best matches its lead is the title, the others are the subtitle. People: a title word (书记, 区长, 主任, 院长…)
followed by a 2–3 character name (4 with a compound surname) that starts with a common surname;
the name's end is confirmed by what follows it (a reporting verb or punctuation) or by the
name recurring in the text (``樊惠林指出``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from qa.ingest.reflow import join_lines, normalize_digit_spacing
from qa.records import Person
from qa.text.cjk import CJK

# Title words: a person's title ends with one of these and the name follows right after.
_TITLE_WORDS = (
    "副书记 书记 副区长 区长 副市长 市长 副县长 县长 镇长 乡长 村长 支书 副主任 "
    "主任 副部长 部长 常委 委员 副主席 主席 副院长 院长 副局长 局长 总经理 经理 "
    "董事长 董事 总裁 处长 科长 所长 校长 园长 馆长 社长 秘书长 指挥长 组长 "
    "负责人 专家 领导 总编辑 主编 代表 厂长 站长 队长 行长 会长 理事长 教授 "
    "研究员 工程师 民警 网格员 省长 副省长 州长 厅长 总理 总统 大使"
)
TITLE_ENDS = tuple(_TITLE_WORDS.split())
# Common Chinese surnames (single and compound): a name must start with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵩帖蔚冶虎"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")

# ---- bylines -------------------------------------------------------------------------------
_REPORTER_ROLES = (
    "本报记者",
    "见习记者",
    "特约记者",
    "首席记者",
    "融媒记者",
    "摄影记者",
    "记者",
    "摄影",
)
_CORRESPONDENT_ROLES = ("特约通讯员", "通讯员", "实习生")
ROLES = tuple(sorted(_REPORTER_ROLES + _CORRESPONDENT_ROLES, key=len, reverse=True))
_ROLE = "(?:" + "|".join(ROLES) + ")"
_NAME = rf"[{CJK}·]{{1,4}}"
_NAMES = rf"{_NAME}(?:[ \u3000、]+{_NAME})*"
_BYLINE = rf"{_ROLE}[ \u3000]*{_NAMES}(?:[ \u3000]*{_ROLE}[ \u3000]*{_NAMES})*(?:[ \u3000]*摄)?"
_BYLINE_LINE = re.compile(rf"[（(]?({_BYLINE})[)）]?")
_BYLINE_TAIL = re.compile(rf"(?<=[。！？…”’」）])[ \u3000]*[（(]?({_BYLINE})[)）]?[ \u3000]*$")
_BYLINE_HEAD = re.compile(rf"^([^（(]{{2,24}}?[讯电])[ \u3000]*[（(]({_BYLINE})[)）]")
_ROLE_TAIL = re.compile(rf"(?:^|(?<=[。！？…”’」）]))[ \u3000]*({_ROLE})[ \u3000]*$")
_ROLE_SPLIT = re.compile(f"({_ROLE})")
_FRAGMENT = re.compile(rf"(?:{_ROLE}|[{CJK}·]{{1,4}})(?:[ \u3000、]+(?:{_ROLE}|[{CJK}·]{{1,4}}))*")
MAX_BYLINE = 40


def _spaced_or_surname(byline: str) -> bool:
    """A byline has a space after its role, or the name right after it starts with a surname
    (``记者景静`` yes, ``记者了解到`` no)."""
    m = re.match(f"{_ROLE}", byline)
    rest = byline[m.end() :] if m else byline
    return rest[:1] in " \u3000" or is_surname_start(rest.lstrip())


def match_byline(line: str) -> str | None:
    """The byline if the whole (stripped) ``line`` is one, else None."""
    s = line.strip()
    if len(s) > MAX_BYLINE:
        return None
    m = _BYLINE_LINE.fullmatch(s)
    return m.group(1) if m and _spaced_or_surname(m.group(1)) else None


def split_byline_tail(line: str) -> tuple[str, str] | None:
    """``(text, byline)`` when ``line`` ends with a byline after a finished sentence
    (``…能力和水平。记者 景静``), else None."""
    m = _BYLINE_TAIL.search(line)
    if not m or len(m.group(1)) > MAX_BYLINE:
        return None
    if not _spaced_or_surname(m.group(1)):
        return None
    return line[: m.start()].rstrip(), m.group(1)


def split_role_tail(line: str) -> tuple[str, str] | None:
    """``(text, role)`` when ``line`` ends with a bare role whose names are on the next line
    (``…自救互救能力。记者`` / ``何丽 通讯员 鲁``), else None."""
    m = _ROLE_TAIL.search(line.strip())
    return (line.strip()[: m.start()].rstrip(), m.group(1)) if m else None


def split_byline_head(text: str) -> tuple[str, str]:
    """``(text without it, byline)`` for ``本报讯（记者 张三 通讯员 李四）…``; byline '' if none."""
    m = _BYLINE_HEAD.match(text)
    if not m:
        return text, ""
    return m.group(1) + text[m.end() :], m.group(2)


def is_byline_fragment(line: str) -> bool:
    """True for a line that may continue a byline: roles and short names only (``婷``,
    ``周祎``, ``婷 通讯员 马文涛``)."""
    s = line.strip()
    return bool(s) and len(s) <= MAX_BYLINE and bool(_FRAGMENT.fullmatch(s))


def continue_byline(byline: str, line: str) -> str | None:
    """``byline`` extended by the next ``line`` if it continues it, else None.

    A 1-character piece on either side of the break is half a name (``记者 周`` + ``婷`` →
    ``记者 周婷``); a line of roles and names, or of plausible names alone, is appended.
    """
    s = " ".join(line.split())
    if not is_byline_fragment(s):
        return None
    tokens = re.split(r"[ \u3000、]+", s)
    last = re.split(r"[ \u3000、]+", byline.strip())[-1]
    if len(last) == 1 and last not in ROLES or len(tokens[0]) == 1 and tokens[0] not in ROLES:
        return byline.rstrip() + s
    if any(t in ROLES for t in tokens) or all(is_plausible_name(t) for t in tokens):
        return byline.rstrip() + " " + s
    return None


def parse_byline(byline: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reporters, correspondents) from ``记者 景静 通讯员 左学彬 周祎``."""
    reporters: list[str] = []
    correspondents: list[str] = []
    target = reporters
    for part in _ROLE_SPLIT.split(byline):
        part = part.strip()
        if part in _REPORTER_ROLES:
            target = reporters
        elif part in _CORRESPONDENT_ROLES:
            target = correspondents
        elif part:
            part = re.sub(r"[ \u3000]*摄$", "", part)
            target.extend(_join_split_names([n for n in re.split(r"[\s、，,]+", part) if n]))
    return tuple(dict.fromkeys(reporters)), tuple(dict.fromkeys(correspondents))


def _join_split_names(tokens: list[str]) -> list[str]:
    """No name has one character: OCR spaces inside names are undone (``程 远`` → ``程远``,
    ``鲁晓 晨`` → ``鲁晓晨``)."""
    out: list[str] = []
    for t in tokens:
        if out and (len(out[-1]) == 1 or len(t) == 1) and len(out[-1]) + len(t) <= 3:
            out[-1] += t
        else:
            out.append(t)
    return out


# ---- dates ---------------------------------------------------------------------------------
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTH_PART = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(底|初|中旬|上旬|下旬|中)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})年\s*(\d{1,2})\s*月")
_FIRST_SENTENCE = re.compile(r"[^。！？\n]*")


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
    head = _FIRST_SENTENCE.match(text).group(0)  # type: ignore[union-attr]
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


# ---- people --------------------------------------------------------------------------------
_TITLE_RE = re.compile("|".join(sorted(TITLE_ENDS, key=len, reverse=True)))
# What may follow a name: verbs of reporting and taking part, list separators, punctuation.
_AFTER_NAME = re.compile(
    r"(主持|强调|指出|表示|讲话|参加|出席|带队|带领|陪同|汇报|通报|介绍|领学|要求|进行|一行|等|"
    r"说|率|先后|首先|同志|补充|致辞|宣布|提出|希望|认为|部署|调研|考察|督导|视察|会见|看望|"
    r"听取|前往|深入|担任|代表|宣读|传达|解读|发表|作了|作|为|向|也|还|同|是|到|在|就|对|与|"
    r"和|及|正|将|已|又|曾|亲自|随后|详细|认真|现场|一起|分别|率先|参观|察看|慰问|走访|检查|"
    r"指导|颁发|接受|签署|签订|回答|作出|点评|调度|巡查|主讲|授课|发言|[、，。；：:“（(]|$)"
)
_TITLE_STOP = re.compile(
    r"[，。；：！？“”「」（）《》\s]|\d+[年月日号]?|了|是|由|的|观看|听取|邀请|与|及|同|接替|担任|"
    r"出任|时任|需|向|于|被|为|在|等"
)
# Characters that do not end a name but end words that follow title words (国家, 时期, 江南路).
_NOT_NAME_END = frozenset(
    "路队省市县区镇村街局院校馆所厂站委部州岛港湾园社团组处科室班级期间时位节术排家们者面界线"
)
# Title words that are also verbs (代表国家, 教授文学): the name needs a reporting verb after
# it, a list comma, or to recur as a name.
_VERB_TITLES = frozenset(("代表", "教授", "领导", "专家", "主编"))
_STRONG_AFTER = re.compile(
    r"主持|强调|指出|表示|讲话|参加|出席|带队|带领|陪同|汇报|通报|介绍|领学|要求|致辞|宣布|"
    r"提出|希望|认为|部署|调研|考察|督导|视察|会见|看望|听取|一行|等|、|说"
)
_CJK_RUN = re.compile(f"[{CJK}]+")
MAX_TITLE = 30


def is_surname_start(s: str) -> bool:
    """True when ``s`` starts with a common single or compound Chinese surname."""
    return s[:1] in SURNAMES or s.startswith(COMPOUND_SURNAMES)


def is_plausible_name(s: str) -> bool:
    """2–3 CJK characters starting with a surname (4 with a compound surname)."""
    if not _CJK_RUN.fullmatch(s):
        return False
    if s.startswith(COMPOUND_SURNAMES):
        return 3 <= len(s) <= 4
    return 2 <= len(s) <= 3 and s[0] in SURNAMES


def _name_at(text: str, i: int, strict: bool = False) -> str | None:
    """The name starting at ``text[i]``: 3 characters, else 2 (4 with a compound surname),
    accepted when what follows it may follow a name, or it recurs followed by such a word.
    ``strict`` (after a title that is also a verb) wants a reporting verb or a list after it."""
    after = _STRONG_AFTER if strict else _AFTER_NAME
    for n in (4, 3, 2):
        cand = text[i : i + n]
        if len(cand) < n or not is_plausible_name(cand) or _TITLE_RE.search(cand):
            continue
        if cand[-1] in _NOT_NAME_END:
            continue
        if _recurs_as_name(text, cand, i):
            return cand
        # 王刚说到: the last character may itself start the following word (说) → shorter name
        if after.match(text, i + n) and not (n > 2 and _AFTER_NAME.match(text, i + n - 1)):
            return cand
    return None


def _recurs_as_name(text: str, cand: str, at: int) -> bool:
    """``cand`` appears elsewhere followed by a word that follows names (``樊惠林指出``)."""
    for m in re.finditer(re.escape(cand), text):
        if m.start() != at and _AFTER_NAME.match(text, m.end()) and len(cand) >= 3:
            return True
    return False


def _title_before(text: str, end: int, floor: int = 0) -> str:
    """The title phrase ending at ``end``: back to punctuation, a verb or ``floor`` (the end
    of the previous name), at most 30 chars."""
    start = max(floor, end - MAX_TITLE)
    seg = text[start:end]
    cut = 0
    for m in _TITLE_STOP.finditer(seg):
        cut = m.end()
    return seg[cut:].lstrip("、")


def extract_people(text: str) -> tuple[Person, ...]:
    """People written as title + name (``区委书记樊惠林``), also ``区领导屈连武、曹宪武``.

    A name seen with several titles keeps the longest one.

    >>> [(p.name, p.title) for p in extract_people("区委常委、常务副区长屈连武强调，要抓落实。")]
    [('屈连武', '区委常委、常务副区长')]
    """
    found: dict[str, str] = {}
    last_end = 0
    for m in _TITLE_RE.finditer(text):
        name = _name_at(text, m.end(), strict=m.group(0) in _VERB_TITLES)
        if not name:
            continue
        title = _title_before(text, m.end(), last_end if last_end <= m.start() else 0)
        names = [name]
        j = m.end() + len(name)
        while j < len(text) and text[j] == "、":  # 区领导屈连武、曹宪武
            nxt = _name_at(text, j + 1)
            if not nxt:
                break
            names.append(nxt)
            j += 1 + len(nxt)
        last_end = j
        for n in names:
            if len(title) > len(found.get(n, "")) or n not in found:
                found[n] = title
    return tuple(Person(n, t) for n, t in found.items())


# ---- titles --------------------------------------------------------------------------------
_RUN = re.compile(f"[{CJK}A-Za-z0-9]+")
_LEAD_END = re.compile(r"[。！？\n]")
TITLE_MARGIN = (
    0.25  # a later piece becomes the title only when it matches the lead this much better
)
LEAD_LIKE, BODY_QUOTE_LEAD, BODY_QUOTE = 0.5, 0.35, 0.6  # title vs subtitle lines of one block


def bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK/Latin/digit runs of ``text``."""
    return {run[k : k + 2] for run in _RUN.findall(text) for k in range(len(run) - 1)}


def headline_text(lines: Sequence[str]) -> str:
    """Headline lines joined (a title broken over lines is one title), spacing normalised."""
    joined = ""
    for line in lines:
        joined = join_lines(joined, " ".join(line.split()))
    return normalize_digit_spacing(joined)


def _overlap(text: str, grams: set[str]) -> float:
    g = bigrams(text)
    return len(g & grams) / len(g) if g else 0.0


def _split_phrases(title: str) -> tuple[str, str]:
    """``二七区与中交投资签约 探索央地合作新模式`` → title, subtitle (a space between two CJK
    phrases of at least four characters each)."""
    m = re.fullmatch(rf"(.{{4,}}?[{CJK}”」）])[ \u3000]+([{CJK}“「（].{{3,}})", title)
    return (m.group(1), m.group(2)) if m else (title, "")


def lead(text: str) -> str:
    """The article's lead: its first sentence (continued while under 50 characters), at most
    200 characters."""
    m = _LEAD_END.search(text, 50)
    return text[: m.end() if m else 200][:200]


def _segments(lines: Sequence[str], lead_grams: set[str], body: set[str]) -> list[str]:
    """Headline lines cut in two where one part reads like the lead (a title) and the other
    quotes the body but not the lead (a subtitle or kicker); a broken title stays whole."""
    for k in range(1, len(lines)):
        a, b = headline_text(lines[:k]), headline_text(lines[k:])
        for x, y in ((a, b), (b, a)):
            if (
                _overlap(x, lead_grams) >= LEAD_LIKE
                and _overlap(y, lead_grams) < BODY_QUOTE_LEAD
                and _overlap(y, body) >= BODY_QUOTE
            ):
                return [a, b]
    return [headline_text(lines)]


def title_and_subtitle(pieces: Sequence[Sequence[str]], text: str) -> tuple[str, str]:
    """(title, subtitle) from an article's headline blocks (each a sequence of lines, in page
    order) and its body ``text``.

    The title is the piece that best matches the lead (the first in page order unless a
    later one matches clearly better); the others, in page order, form the subtitle. ``A B``
    on one line (two phrases) is title A, subtitle B.

    >>> title_and_subtitle([["某县召开会议 部署秋粮收购"]], "本报讯 某县召开会议，部署秋粮收购。")
    ('某县召开会议', '部署秋粮收购')
    """
    if not pieces:
        return "", ""
    lead_grams, body = bigrams(lead(text)), bigrams(text)
    parts = [p for lines in pieces for p in _segments(lines, lead_grams, body)]
    best = 0
    for k in range(1, len(parts)):
        if _overlap(parts[k], lead_grams) > _overlap(parts[best], lead_grams) + TITLE_MARGIN:
            best = k
    title, sub = _split_phrases(parts[best])
    rest = [sub] if sub else []
    rest += [p for k, p in enumerate(parts) if k != best]
    return title, " ".join(rest)
