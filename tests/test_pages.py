"""Page splitting on the two seed pages and on pages written for the tests (never tuned on)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from qa.ingest.bylines import continue_byline, match_byline, parse_byline, split_byline_tail
from qa.ingest.files import parse_page
from qa.ingest.pages import is_furniture, split_page
from qa.ingest.textio import read_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PAGES = Path(__file__).parent / "data" / "pages"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Per article in page order: title, subtitle, date as written, reporters, correspondents,
# the byline as printed (its characters are not body text), first body line (1-based).
SEED_000 = [
    ("市、区两级人大代表视察二七区防汛备汛工作", "", "5月31日", ("景静",), ("左学彬", "周祎"),
     "记者景静通讯员左学彬周祎", 4),
    ("二七区举办地方政府专项债暨产业项目谋划能力培训会", "", "", ("景静",), (), "记者景静", 36),
    ("区委理论学习中心组举行集中学习会", "在基层找到突破与创新形成二七特有的发展思路", "5月30日",
     ("景静",), ("王丹青", "陈静娴"), "记者景静通讯员王丹青陈静娴", 62),
    ("二七区招商小分队赴长三角地区考察招商", "力争将学习考察成果尽快转化为签约落地成果", "5月底",
     ("景静",), (), "记者景静", 109),
    ("二七区与中交投资签约", "探索央地合作新模式", "5月26日", ("景静",), (), "记者景静", 166),
    ("二七区召开党建引领网格化基层治理工作推进会", "", "5月31日", ("景静",), (), "记者景静", 217),
]  # fmt: skip
SEED_003 = [
    ("二七区召开防汛应急演练动员会", "", "5月6日", ("景静",), (), "记者景静", 5),
    ("二七区委党校2023年春季主体班圆满结业", "", "3月28日", ("景静",), (), "记者景静", 36),
    ("二七区召开二季度产业发展暨经济工作推进会", "以实干实绩交出“半年红”“双过半”优异答卷",
     "5月4日", ("景静",), (), "记者景静", 63),
    ("区领导到郑州机械研究所有限公司调研座谈", "全力打造嵩山路科创产业一条街", "5月5日",
     ("景静",), (), "记者景静", 132),
    ("区领导督导安全生产工作", "聚焦重点行业领域 确保安全检查常态长效", "", ("景静",), (),
     "记者景静", 165),
    ("市、区两级人大代表视察二七区安置房建设推进工作", "", "", ("景静",), ("左学彬", "周祎"),
     "记者景静通讯员左学彬周祎", 203),
]  # fmt: skip
SEEDS_EXPECTED = {"000_f3a92ef96d51ddea.txt": SEED_000, "003_e52d46895fb9f38c.txt": SEED_003}

# Pages written for the tests, in the seeds' style but with other places and people:
# page_c: all headlines at the end of the page (a kicker, a 3-line title+subtitle block),
#         a byline in brackets after 本报讯, a byline broken mid-name (通讯员 卞 / 雪), furniture.
# page_d: headlines after their bodies, a dateline (本报青溪4月10日讯), 本报记者 on its own
#         line, a body without byline, a commentary without 本报讯, a title over two lines.
# page_e_gbk: GBK bytes, headlines before bodies, bylines broken over lines (记者 邹 / 洁).
# page_f: written after the others as a blind check (it found two bugs, fixed in general):
#         a byline broken right after its role (…能力。记者 / 何丽 通讯员 鲁 / 晓 晨), OCR
#         spaces inside names (程 远), two flood-control articles told apart by content.
# page_g: a second blind check, parsed right the first time: 12-character columns, a title
#         glued to 本报讯 (no blank line), two reporters with an OCR space (方 圆 孔令杰).
# page_a/page_b/page_gbk: broken bylines, headlines after bodies or all at the end.
OWN = {
    "page_c.txt": [
        ("丰乐县召开2024年春季植树造林动员会", "因地制宜选择乡土树种全年完成造林1.2万亩",
         "3月5日", ("汪晓曼",), ("欧阳明华",), "记者汪晓曼通讯员欧阳明华", 3),
        ("丰乐县人民医院牵手省肿瘤医院", "省级专家每周到县坐诊", "3月6日",
         ("汪晓曼",), ("卞雪",), "记者汪晓曼通讯员卞雪", 22),
        ("丰乐县开展春季食品安全专项检查", "", "", ("郑可",), (), "记者郑可", 42),
    ],
    "page_d.txt": [
        ("青溪镇3200亩春茶开采", "预计产值可达2600万元", "4月10日", ("韦思远",), (),
         "本报记者韦思远", 3),
        ("临川区18个重点项目集中开工", "", "4月11日", (), (), "", 26),
        ("让群众少跑腿成为常态", "", "", (), (), "", 41),
        ("临川区图书馆新馆正式开馆迎客", "", "4月9日", ("韦思远",), ("桂芳",),
         "记者韦思远通讯员桂芳", 55),
    ],
    "page_e_gbk.txt": [
        ("石桥镇开展夏季防溺水安全宣传", "", "6月18日", ("邹洁",), (), "记者邹洁", 4),
        ("石桥镇夏粮收购进度过半", "农户增收有保障", "6月20日", ("邹洁",), ("尹小川",),
         "记者邹洁通讯员尹小川", 19),
    ],
    "page_f.txt": [
        ("东湖区部署“七下八上”防汛工作", "", "7月1日", ("何丽",), ("程远",),
         "通讯员程远记者何丽记者何丽", 3),  # bracketed after 本报讯 and again at the end
        ("湖滨街道开展防汛应急演练", "党员志愿者“实战”练兵", "6月30日", ("何丽",), ("鲁晓晨",),
         "记者何丽通讯员鲁晓晨", 24),
        ("东湖区5G基站上半年新建312个", "", "", ("范婷",), (), "记者范婷", 41),
    ],
    "page_g.txt": [
        ("南山镇上线“村务通”APP", "", "", ("方圆", "孔令杰"), (), "记者方圆孔令杰", 2),
        ("南山镇举办第三届杨梅文化旅游节", "", "6月15日", ("孔令杰",), (), "记者孔令杰", 21),
        ("“家门口”就业驿站帮320人找到工作", "", "4月下旬", ("方圆",), (), "记者方圆", 42),
    ],
    "page_a.txt": [
        ("金水区召开秋季森林防火工作部署会", "", "10月12日", ("周婷",), ("马文涛",),
         "记者周婷通讯员马文涛", 4),
        ("书香金水读书分享会举行", "", "", ("何佳",), (), "记者何佳", 18),
        ("金水区与安和物流集团签约", "冷链仓储项目总投资约45亿元", "10月15日", ("周婷",), (),
         "记者周婷", 29),
    ],
    "page_b.txt": [
        ("惠济区召开河湖长制工作推进会", "聚焦重点河段 加大巡河频次", "9月3日", ("范晓光",), (),
         "记者范晓光", 1),
        ("老鸦陈街道举办重阳节敬老文艺汇演", "", "9月5日", ("范晓光",), ("刘敏",),
         "记者范晓光通讯员刘敏", 14),
    ],
    "page_gbk.txt": [
        ("中原区举办中小企业融资对接会", "", "11月2日", ("江一鸣",), (), "记者江一鸣", 4),
    ],
}  # fmt: skip
# kickers (引题, printed above the title): not part of the subtitle
KICKERS = {"丰乐县人民医院牵手省肿瘤医院": "家门口看上省城专家号"}
ALL = {**{n: (SEEDS / n, e) for n, e in SEEDS_EXPECTED.items()},
       **{n: (PAGES / n, e) for n, e in OWN.items()}}  # fmt: skip


def _cjk(text: str) -> Counter[str]:
    return Counter(CJK.findall(text))


def _furniture(raw: str) -> str:
    return "".join(line for line in raw.split("\n") if is_furniture(line))


@pytest.mark.parametrize("name", sorted(ALL))
def test_titles_subtitles_dates_bylines(name):
    path, expected = ALL[name]
    arts = parse_page(read_text(path), name)
    got = [(a.title, a.subtitle, a.date, a.reporters, a.correspondents) for a in arts]
    assert got == [e[:5] for e in expected]
    assert [a.line for a in arts] == [e[6] for e in expected]
    assert [a.position for a in arts] == list(range(len(expected)))
    assert [a.kicker for a in arts] == [KICKERS.get(e[0], "") for e in expected]


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_sentence_lost_or_duplicated(name):
    """Every CJK character of the page is in exactly one article text, headline or byline
    (page furniture aside): page − headlines − bylines == the articles' texts, as multisets."""
    path, expected = ALL[name]
    raw = read_text(path)
    arts = parse_page(raw, name)
    headlines = "".join(a.kicker + a.title + a.subtitle for a in arts)
    bylines = "".join(e[5] for e in expected)
    body = _cjk(raw) - _cjk(headlines) - _cjk(bylines) - _cjk(_furniture(raw))
    assert sum((_cjk(a.text) for a in arts), Counter()) == body
    assert all(not a.text.startswith(a.title) for a in arts if a.title)


def test_column_breaks_spacing_and_paragraphs_on_seed():
    arts = parse_page(read_text(SEEDS / "000_f3a92ef96d51ddea.txt"), "000.txt")
    text = "\n".join(a.text for a in arts)
    for fixed in (
        "向问题叫板",
        "坚苦努力",
        "开辟新局面",
        "林毅夫在2023中国发展高层论坛",
        "5月30日下午",
        "17个镇办等39个单位",
        "世界500强",
        "MAH药品",
        "联东U谷·郑州",
    ):
        assert fixed in text  # fmt: skip
    assert "召开座谈会。\n会上，" in arts[0].text  # a true paragraph break survives
    assert arts[1].text.endswith("方面的能力和水平。")  # the trailing byline is cut off
    assert "记者" not in arts[1].text and "景静" not in text


def test_people_with_titles_on_seeds():
    a000 = parse_page(read_text(SEEDS / "000_f3a92ef96d51ddea.txt"), "000.txt")
    a003 = parse_page(read_text(SEEDS / "003_e52d46895fb9f38c.txt"), "003.txt")
    people = {(p.name, p.title) for a in a000 + a003 for p in a.people}
    assert {
        ("樊惠林", "区委书记"), ("屈连武", "区委常委、常务副区长"), ("吕安民", "区人大常委会主任"),
        ("林毅夫", "北京大学新结构经济学研究院院长"), ("屈连武", "区领导"), ("曹宪武", "区领导"),
        ("虎荣鑫", "二七区委副书记、区长"), ("李雅", "区委副书记"), ("牛真", "区新型城镇化建设中心主任"),
    } <= people  # fmt: skip
    assert ("屈连武", "区委常委、常务副区长、区防汛抗旱指挥部常务副指挥长") in people
    names = {n for n, _ in people}
    assert not any(len(n) > 3 or n[:2] in {"会议", "区委"} for n in names)


def test_people_precision_on_titles_used_as_verbs_and_words_after_titles():
    from qa.ingest import extract_people

    for text in (
        "他曾代表国家参加比赛。",
        "在陈水扁担任台北市长时期，",
        "她在香港教授武术，",
        "由当地负责人安排食宿。",
        "一期工程规划起于宝山区长江南路。",
    ):
        assert extract_people(text) == (), text  # fmt: skip
    assert [(p.name, p.title) for p in extract_people("8月21日，罗伯斯代表王大海表示支持。")] == [
        ("王大海", "罗伯斯代表")
    ]


def test_people_on_unseen_pages():
    arts = parse_page(read_text(PAGES / "page_c.txt"), "page_c.txt")
    assert {(p.name, p.title) for p in arts[1].people} == {
        ("俞美玲", "县卫健委主任"), ("詹国栋", "县人民医院院长")}  # fmt: skip
    d = parse_page(read_text(PAGES / "page_d.txt"), "page_d.txt")
    assert {p.name: p.title for p in d[0].people} == {"毛志远": "镇党委书记", "鲍春燕": "负责人"}


def _move_headlines(raw: str, expected: list, order: str) -> str:
    """The page rebuilt from its own bodies and headline units, with each article's headline
    units placed as ``order`` says: 'end_reversed' (all at the page end, last article first)
    or 'after' (right after the article's body)."""
    lines = raw.split("\n")
    bodies, units = split_page(raw)
    groups: list[list[str]] = [[] for _ in bodies]
    for u in units:
        k = next(i for i, e in enumerate(expected) if u.text.replace(" ", "") in
                 (KICKERS.get(e[0], "") + e[0] + e[1]).replace(" ", ""))  # fmt: skip
        groups[k] += [*u.lines, ""]
    out: list[str] = []
    for b, g in zip(bodies, groups, strict=True):
        out += [*lines[b.start : b.end], ""] + (g if order == "after" else [])
    if order == "end_reversed":
        out += [x for g in reversed(groups) for x in g]
    return "\n".join(out)


@pytest.mark.parametrize("order", ["end_reversed", "after"])
@pytest.mark.parametrize(
    "name",
    [
        "000_f3a92ef96d51ddea.txt",
        "003_e52d46895fb9f38c.txt",
        "page_c.txt",
        "page_e_gbk.txt",
        "page_f.txt",
        "page_g.txt",
    ],
)
def test_headlines_are_assigned_by_content_not_position(name, order):
    path, expected = ALL[name]
    moved = _move_headlines(read_text(path), expected, order)
    arts = parse_page(moved, name)
    assert [(a.title, a.subtitle) for a in arts] == [e[:2] for e in expected]


@pytest.mark.parametrize("name", ["000_f3a92ef96d51ddea.txt", "003_e52d46895fb9f38c.txt"])
def test_pages_without_blank_lines(name):
    """Some extractors drop blank lines: stacked headlines are then told apart, and a title
    from its subtitle, by content alone."""
    path, expected = ALL[name]
    dense = "\n".join(x for x in read_text(path).split("\n") if x.strip())
    arts = parse_page(dense, name)
    assert [(a.title, a.subtitle) for a in arts] == [e[:2] for e in expected]


def test_headline_glued_to_body_start_is_split_off():
    page = "区领导督导安全生产工作本报讯 近日，区长王强带队督导安全生产工作。记者 张伟\n"
    (a,) = parse_page(page, "glued.txt")
    assert (a.title, a.text, a.reporters, a.line) == (
        "区领导督导安全生产工作", "本报讯近日，区长王强带队督导安全生产工作。", ("张伟",), 1)  # fmt: skip


def test_body_without_byline_gives_back_trailing_headlines():
    page = ("本报讯 6月2日，某县召开秋粮收购工作会议，\n部署收购工作。\n\n"
            "某县部署秋粮收购\n\n"
            "本报讯 6月3日，某县开展文明交通宣传活动，\n发放资料2000余份。\n\n"
            "某县开展文明交通宣传\n")  # fmt: skip
    arts = parse_page(page, "nobyline.txt")
    assert [a.title for a in arts] == ["某县部署秋粮收购", "某县开展文明交通宣传"]
    assert arts[0].text.endswith("部署收购工作。") and not arts[0].reporters


def test_subheads_inside_a_body_do_not_split_it():
    page = ("本报讯 某县召开会议，部署全年工作，\n要求各单位抓好落实。\n\n"
            "一、强化组织领导\n\n"
            "各单位要成立专班，明确责任，细化\n任务，确保各项工作有序推进，按期\n完成。\n"
            "记者 张伟\n\n某县部署全年工作\n")  # fmt: skip
    arts = parse_page(page, "subhead.txt")
    assert len(arts) == 1 and "一、强化组织领导" in arts[0].text
    assert arts[0].title == "某县部署全年工作"


def test_bylines():
    assert match_byline("记者 景静") == "记者 景静"
    assert match_byline("记者 景静 通讯员 左学彬 周祎") == "记者 景静 通讯员 左学彬 周祎"
    assert match_byline("本报记者 韦思远") == "本报记者 韦思远"
    assert match_byline("记者了解到") is None  # no space and no surname: a sentence
    assert match_byline("记者从会上获悉今年全区共") is None
    assert split_byline_tail("方面的能力和水平。记者 景静") == ("方面的能力和水平。", "记者 景静")
    assert split_byline_tail("他说。（记者 张伟）") == ("他说。", "记者 张伟")
    assert split_byline_tail("据记者 了解") is None  # not after a finished sentence
    assert continue_byline("记者 周", "婷") == "记者 周婷"
    assert continue_byline("记者 景静", "通讯员 左学彬 周祎") == "记者 景静 通讯员 左学彬 周祎"
    assert continue_byline("记者 景静", "二七区召开党建引领网格化基层治理工作推进会") is None
    assert continue_byline("记者 景静", "春耕 正当时") is None
    assert parse_byline("记者 景静 通讯员 左学彬 周祎") == (("景静",), ("左学彬", "周祎"))
    assert parse_byline("本报记者 韦思远 实习生 桂芳") == (("韦思远",), ("桂芳",))
    assert parse_byline("通讯员 程 远 记者 何丽") == (("何丽",), ("程远",))
    assert parse_byline("记者 何丽 通讯员 鲁晓 晨 李 娜") == (("何丽",), ("鲁晓晨", "李娜"))


def test_furniture():
    assert is_furniture("丰乐报  2024年3月8日  星期五  第 3版")
    assert is_furniture("责任编辑：葛文静  校对：滕小雨") and is_furniture(" 3 ")
    assert not is_furniture("二七区召开防汛应急演练动员会")
    assert not is_furniture("咨询电话：12345，工作日9点至17点。")
