"""Headline and block model cases seen on pages of other papers: a title broken before its
object, a 文/图 credit over a body, a bracketed byline broken across lines, a short
paragraph that introduces a table."""

from __future__ import annotations

from qa.ingest.headline_lines import object_line
from qa.ingest.pages import parse_blocks

BODY = "本报讯 近日，省里公布第二批特色小镇名单，我县青石镇、白沙镇和龙湾镇名列其中。"


def test_title_broken_before_its_object_is_one_title():
    page = f"\n梅林县三个镇入选\n省级特色小镇\n{BODY}\n记者 周明\n"
    (art,) = parse_blocks(page)
    assert (art.kicker, art.title, art.subtitle) == ("", "梅林县三个镇入选省级特色小镇", "")


def test_kicker_over_a_title_with_its_own_verb_stays_a_kicker():
    page = "\n身边的榜样\n周大山：二十年守护一条河\n\n文/图 记者 周明\n"
    page += "清晨五点，周大山已经划着小船出现在河面上。他说，这条河就是他的家。\n"
    page += "二十年来，他清理垃圾上千吨，被评为全市优秀河长。\n乡亲们都叫他护河人。\n"
    (art,) = parse_blocks(page)
    assert (art.kicker, art.title, art.subtitle) == ("身边的榜样", "周大山：二十年守护一条河", "")
    assert art.byline == "记者 周明"
    assert not object_line("身边的榜样", "周大山：二十年守护一条河")


def test_bracketed_byline_broken_over_lines_ends_the_body():
    page = (
        "\n我县中考顺利结束\n\n本报讯 6月20日，我县中考顺利结束，全县共有3000名考生"
        "参加考试。（融媒体记者 钱\n小明 实习生 李华）\n\n我县举办农民丰收节\n"
        "本报讯 9月23日，我县在青石镇举办农民丰收节。\n记者 周明\n"
    )
    first, second = parse_blocks(page)
    assert first.title == "我县中考顺利结束" and first.kicker == ""
    assert first.byline == "融媒体记者 钱小明 实习生 李华"
    assert first.text.endswith("参加考试。")
    assert second.title == "我县举办农民丰收节"


def test_short_paragraph_introducing_a_table_opens_the_body():
    page = (
        "\n梅林县前三季度主要经济指标\n\n据县统计局统计，前三季度，全县主要经济指标"
        "稳中有进，\n具体如下：\n\n指标名称    单位    前三季度    增长（%）\n"
        "地区生产总值    亿元    88.2    5.1\n固定资产投资    亿元    40.3    6.2\n"
        "\n前三季度，全县经济运行总体平稳。（记者 周明）\n"
    )
    (art,) = parse_blocks(page)
    assert art.title == "梅林县前三季度主要经济指标" and art.subtitle == ""
    assert art.text.startswith("据县统计局统计")
