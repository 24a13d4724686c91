"""Article metadata from cleaned text: date, byline, people with their titles."""

from __future__ import annotations

import re
from collections import Counter

from qa.records import Person
from qa.reflow import CJK

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTH_PART = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(底|初|中旬|上旬|下旬|中)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

_BYLINE_ROLE = re.compile(r"(记者|通讯员|实习生|摄影)")

# Titles end with one of these; the name follows right after.
TITLE_ENDS = ["副书记", "书记", "副区长", "区长", "副市长", "市长", "副县长", "县长", "镇长", "乡长", "副主任", "主任", "副部长", "部长", "常委", "委员", "副主席", "主席", "院长", "副院长", "局长", "副局长", "总经理", "经理", "董事长", "处长", "科长", "所长", "校长", "社长", "秘书长", "指挥长", "组长", "负责人", "专家", "领导", "总编辑", "主编", "代表", "厂长", "站长", "队长", "行长", "会长", "理事长", "主任委员"]
# What may follow a name: verbs of reporting and taking part, list separators, punctuation.
_AFTER_NAME = re.compile(
    r"(主持|强调|指出|表示|讲话|参加|出席|带队|带领|陪同|汇报|通报|介绍|领学|要求|进行|为|向|也|还|同|是|"
    r"一行|等|到|在|就|对|作|说|率|先后|首先|同志|补充|致辞|宣布|提出|希望|认为|部署|调研|"
    r"考察|督导|视察|会见|看望|听取|前往|深入|出任|担任|[、，。；：:“（(]|$)"
)
_TITLE_STOP = re.compile(r"[，。；：！？“”（）《》\s]|了|是|由|观看|听取|邀请|与|及|同")
# Common Chinese surnames (single and double): a name must start with one.
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

_TITLE_RE = re.compile("|".join(sorted(TITLE_ENDS, key=len, reverse=True)))
_CJK_RUN = re.compile(f"[{CJK}]+")


def infer_year(*texts: str) -> int | None:
    """The most frequent year written as ``YYYY年`` in ``texts`` (None if none)."""
    years = Counter(int(y) for t in texts for y in _YEAR.findall(t))
    return years.most_common(1)[0][0] if years else None


def extract_date(text: str, year: int | None) -> tuple[str, str]:
    """(date as written, ISO date or '') from the article's opening (first 120 chars).

    ``3月28日至4月26日`` gives the start, ``3月28日``; ``5月底`` gives ``5月底`` / ``YYYY-05``.
    """
    head = text[:120]
    m = _DATE.search(head)
    mp = _MONTH_PART.search(head)
    if m and (not mp or m.start() <= mp.start()):
        y = int(m.group(1)) if m.group(1) else year
        written = m.group(0) if not m.group(1) else m.group(0)[len(m.group(1)) + 1 :]
        mo, d = int(m.group(2)), int(m.group(3))
        ok = 1 <= mo <= 12 and 1 <= d <= 31
        return written, (f"{y:04d}-{mo:02d}-{d:02d}" if y and ok else "")
    if mp:
        y = int(mp.group(1)) if mp.group(1) else year
        mo = int(mp.group(2))
        written = mp.group(0) if not mp.group(1) else mp.group(0)[len(mp.group(1)) + 1 :]
        return written, (f"{y:04d}-{mo:02d}" if y and 1 <= mo <= 12 else "")
    return "", ""


def parse_byline(byline: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reporters, correspondents) from ``记者 景静 通讯员 左学彬 周祎``."""
    reporters: list[str] = []
    correspondents: list[str] = []
    target = reporters
    for part in _BYLINE_ROLE.split(byline):
        part = part.strip()
        if not part:
            continue
        if part == "记者" or part == "摄影":
            target = reporters
        elif part in ("通讯员", "实习生"):
            target = correspondents
        else:
            target.extend(n for n in re.split(r"[\s、，,]+", part) if _CJK_RUN.fullmatch(n or "-"))
    return tuple(dict.fromkeys(reporters)), tuple(dict.fromkeys(correspondents))


def _name_at(text: str, i: int, counts: Counter[str]) -> str | None:
    """A 2–3 character name starting at ``text[i]``, checked by what follows or repeats."""
    for n in (3, 2):
        cand = text[i : i + n]
        if len(cand) < n or not _CJK_RUN.fullmatch(cand):
            continue
        if cand[0] not in SURNAMES and not cand.startswith(COMPOUND_SURNAMES):
            continue
        if _TITLE_RE.search(cand):
            continue
        if _AFTER_NAME.match(text, i + n) or counts[cand] >= 2 and n == 3:
            return cand
    return None


def _title_before(text: str, end: int) -> str:
    """The title phrase ending at ``end``: back to punctuation or a verb, max 30 chars."""
    start = max(0, end - 30)
    seg = text[start:end]
    cut = 0
    for m in _TITLE_STOP.finditer(seg):
        cut = m.end()
    title = seg[cut:]
    return title.lstrip("、")


def extract_people(text: str) -> tuple[Person, ...]:
    """People written as title + name (``区委书记樊惠林``), also ``区领导屈连武、曹宪武``."""
    counts: Counter[str] = Counter()
    for run in _CJK_RUN.findall(text):
        for n in (2, 3):
            counts.update(run[i : i + n] for i in range(len(run) - n + 1))
    found: dict[str, str] = {}
    for m in _TITLE_RE.finditer(text):
        name = _name_at(text, m.end(), counts)
        if not name:
            continue
        title = _title_before(text, m.end())
        if len(title) > len(found.get(name, "")):
            found[name] = title
        j = m.end() + len(name)
        while j < len(text) and text[j] == "、":  # 区领导屈连武、曹宪武
            nxt = _name_at(text, j + 1, counts)
            if not nxt:
                break
            if len(title) > len(found.get(nxt, "")):
                found[nxt] = title
            j += 1 + len(nxt)
    return tuple(Person(n, t) for n, t in found.items())
