"""Question analysis: expected answer type, role verb, language and key terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from qa.text.cjk import CJK, language
from qa.text.tokenize import QW_PATTERN
from qa.text.vocab import table

QType = Literal[
    "article", "who", "when", "where", "number", "org", "list", "title", "what", "yes_no"
]

# role verb (Chinese) → (question patterns, English verb phrase for the reply)
ROLES: dict[str, tuple[str, str]] = {
    "主持": (r"主持|chair|presid|host", "chaired it"),
    "带队": (r"带队|带领|率队|\blead|\bled\b|headed", "led it"),
    "汇报": (r"汇报|通报|report|brief", "reported"),
    "强调": (r"强调|指出|要求|stress|emphasi|urge", "stressed it"),
    "陪同": (r"陪同|accompan", "accompanied"),
    "讲话": (r"讲话|发言|致辞|speech|spoke|speak|address", "spoke"),
    "参加": (r"参加|出席|attend", "attended"),
    "领学": (r"领学", "led the study"),
    "表示": (r"表示|说|said|say", "said it"),
}
ROLE_ALIASES = {
    "带队": ("带队", "带领", "率"),
    "汇报": ("汇报", "通报"),
    "强调": ("强调", "指出", "要求"),
    "讲话": ("讲话", "发言", "致辞"),
    "参加": ("参加", "出席"),
}

_TYPES: list[tuple[QType, str]] = [
    (
        "article",
        r"哪一?[篇则]|哪一?条(?:消息|新闻|报道|稿)|(?:哪个|什么|哪家)(?:报道|新闻|消息|栏目)"
        r"|which (?:article|report|story|piece|news|item)|what (?:article|report|story)"
        r"|which one (?:of|on|in)",
    ),
    (
        "title",
        r"职务|职位|什么职|担任什么|是什么官|身份|what (?:is|was) (?:the )?(?:position|title|job|role)"
        r"|(?:position|title|job|role) of|what position|which position|what post"
        r"|(?:'s|s') (?:position|title|job|role|post)",
    ),
    (
        "org",  # before number and who: 哪几家企业, 哪两个单位 ask for organisations
        r"哪[些两三四五六七八九十几]?[个家]?(?:单位|部门|机构|公司|企业|组织|团体)|全称"
        r"|(?:which|what) (?:\w+ )?(?:bod(?:y|ies)|agenc(?:y|ies)|departments?|organi[sz]ations?"
        r"|compan(?:y|ies)|firms?|enterprises?|units|institutions?)\b",
    ),
    (
        "list",  # several items of one kind: 哪两个村, 谁和谁, who were appointed, what honours
        r"哪[两三四五六七八九十几]+[个位家支名项所条座批户类种人]|哪些人|谁和谁"
        r"|\bwho (?:were|are|have been)\b|\bwhich (?:[\w-]+ )?[\w-]{2,}[^s\W]s\b"
        r"|\bwhat (?:\w+ )?\w+[^s\W]s (?:has|have|had|were|are|did|do)\b",
    ),
    (
        "when",
        r"何时|什么时候|哪天|哪一天|哪年|哪一年|何年|几月几[日号]|什么日期|哪个月|什么年代|"
        r"\bwhen\b|what date|what day|what year|which year"
        r"|which day|what time",
    ),
    ("where", r"哪里|在哪|何地|什么地方|地点|哪个地方|\bwhere\b|what venue|which venue|location"),
    (
        "number",
        r"多少|几[个家名位项次人所天年条场批户]|多大|规模|多长时间|多久|how many|how much|how long|"
        r"what (?:is|was) the "
        r"(?:scale|number|amount|size|total)|number of"
        r"|what (?:\w+ ){0,3}(?:target|rate|percentage|proportion)\b",
    ),
    (
        "org",
        r"哪家|什么公司|哪个公司|哪个单位|什么单位|什么企业|哪个企业|什么机构|哪个机构|which company"
        r"|what company|which firm|which organi[sz]ation|what organi[sz]ation|which enterprise",
    ),
    ("who", r"谁|哪位|何人|什么人|哪些人|哪些领导|\bwho\b|\bwhom\b|which official|which leader"),
    (
        "list",
        r"哪些|哪几|which (?:\w+ )?(?:cities|places|sites|companies|units|projects|items)|what "
        r"(?:\w+ )?(?:cities|places|sites|projects)|list",
    ),
]
# question words (qa/data/question_words_zh.txt), then punctuation and light function words
_QWORDS = re.compile(
    r"哪[两三四五六七八九十几]+[个位家支名项所条座批户类种]?人?|"  # 哪两个人: no key term
    + QW_PATTERN
    + r"|几|？|\?|。|，|、|是|的|了|在"
)


@dataclass(frozen=True)
class QuestionInfo:
    """What a question asks for."""

    qtype: QType
    lang: Literal["zh", "en"]
    role: str  # Chinese role verb ("主持") or ""
    role_en: str
    unit_hint: str  # the noun after 多少/几 ("人", "个单位") or an English noun
    core: str  # the question with question words removed (Chinese)


def question_type(question: str) -> QType:
    """Expected answer type of ``question`` (first matching rule)."""
    q = question.lower()
    for t, pat in _TYPES:
        if re.search(pat, q):
            return t
    return "what"


def role_of(question: str) -> tuple[str, str]:
    """(Chinese role verb, English verb phrase) asked about, or ('', '')."""
    q = question.lower()
    for zh, (pat, en) in ROLES.items():
        if re.search(pat, q):
            return zh, en
    return "", ""


# nouns that name an amount of money (a question about one wants a sum, not a count)
_MONEY = re.compile(
    r"多少钱|金额|规模|投资额|资金|总投资|价格|价钱|售价|票价|费用|经费|奖金|收入|工资|月薪"
    r"|年薪|补贴|how much|invest|worth|cost|amount|price|prize money|fee|salary|budget"
)


_DURATION = re.compile(r"多长时间|多久|用了?多少时间|\bhow long\b")
DURATION = "时长"  # the hint of a question asking for a length of time (多久, how long)
COUNT = "计数"  # the hint of "how many <a noun without a measure word of its own>": not money


def unit_hint(question: str) -> str:
    """The measure noun a number question asks for: 多少人 → 人, how many people → 人,
    :data:`DURATION` for a length of time (多久), and 元 for amounts of money (规模, how much)."""
    if _DURATION.search(question.lower()):
        return DURATION
    m = re.search(f"(?:多少|几)([个家名位项次所条场批户]?[{CJK}]{{0,2}})", question)
    if m and m.group(1) and not re.match(r"[是呢吗啊的]", m.group(1)):
        return re.split(r"[是呢吗啊的参了]", m.group(1))[0]
    m = re.search(r"how many (\w+)", question.lower())
    units = table("en_units.tsv")
    if m and m.group(1) in units:
        return units[m.group(1)][0]
    if m:
        return COUNT
    return "元" if _MONEY.search(question.lower()) else ""


_YES_NO_ZH = re.compile(r"[吗么][？?！!。\s]*$|是否|是不是|有没有|能不能|会不会|还是不是")
_YES_NO_EN = re.compile(
    r"^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b"
)
_WH = re.compile(
    r"谁|什么|哪|多少|几[个家名位项次人所天年条场批户月日]|何[时地人处]|如何|怎|为什么|为何"
    r"|\b(?:who|what|when|where|which|why|how)\b"
)
MIN_YES_NO_CHARS = 4  # 还有吗 (what else?) is a follow-up, not a yes/no question


def is_yes_no(question: str) -> bool:
    """A yes/no question: ``…吗？``, ``是否…``, ``Did …?``, and no question word asking for a
    span (谁, 哪, 多少, who, which …).

    >>> is_yes_no("水文站实现自动化监测了吗？"), is_yes_no("谁主持了会议吗？")
    (True, False)
    """
    q = question.strip().lower()
    if _WH.search(q) or len(re.findall(f"[{CJK}a-z]", q)) < MIN_YES_NO_CHARS:
        return False
    return bool(_YES_NO_ZH.search(q) or _YES_NO_EN.match(q))


_ASKS_WHAT = re.compile(r"什么(?!名字)|\bwhat\b|\bhow\b")  # 叫什么名字, which leader: who


def analyze(question: str) -> QuestionInfo:
    """Type, role, language and core of a question."""
    lang = language(question)
    role, role_en = role_of(question)
    qt = "yes_no" if is_yes_no(question) else question_type(question)
    if qt == "what" and role and not _ASKS_WHAT.search(question.lower()):
        qt = "who"  # 主持会议的是？ asks for the one who chaired; 会上通报了什么 does not
    core = _QWORDS.sub(" ", question) if lang == "zh" else question
    return QuestionInfo(qt, lang, role, role_en, unit_hint(question), core.strip())
