"""Pages in other papers' styles (issue 11): invented snippets, one per mechanism — masthead
and footer dropped, 简讯 items as articles, kicker/subtitle told apart, continued articles
marked, photo captions and credit lines kept out of headlines and bodies."""

from __future__ import annotations

from qa.ingest.files import parse_page
from qa.records import Article

BODY_A = (
    "本报讯 5月4日，青溪县召开春季植树造林工作会议，\n部署全年国土绿化工作。县长贺明远出席。\n"
    "会议要求各乡镇抓好苗木调运和栽植质量。\n记者 韩冬\n"
)
BODY_B = (
    "本报讯 5月5日，青溪县举办首届茶文化节，吸引游客\n1.2万人次。茶农们现场展示手工制茶技艺，\n"
    "活动持续三天。\n记者 苗青 通讯员 柏林\n"
)


def _parse(page: str) -> list[Article]:
    return parse_page(page, "style.txt")


def _heads(a: Article) -> str:
    return a.kicker + a.title + a.subtitle


def test_masthead_edition_line_and_footer_are_dropped():
    page = (
        "青溪日报\nQINGXI RIBAO\n中共青溪县委主办 第1888期\n2024年5月6日 星期一 第1版\n\n"
        "青溪县部署春季植树造林\n\n" + BODY_A + "\n本版责任编辑 甘露 美编 田野\n"
        "青溪新闻网 www.qxnews.cn 新闻热线 0123-5551234\n"
    )
    (a,) = _parse(page)
    assert (a.title, a.subtitle, a.kicker) == ("青溪县部署春季植树造林", "", "")
    assert "青溪日报" not in a.text and "热线" not in a.text and a.reporters == ("韩冬",)


def test_brief_column_items_are_articles_of_their_own():
    page = (
        "青溪县部署春季植树造林\n\n" + BODY_A + "\n简讯\n"
        "■石桥镇举办书画展　5月3日，石桥镇举办书画展，展出\n作品80幅。\n"
        "■石桥镇新建口袋公园\n近日，石桥镇新建口袋公园一座，面积30亩。\n"
    )
    arts = _parse(page)
    assert [(a.title, a.brief) for a in arts] == [
        ("青溪县部署春季植树造林", False),
        ("石桥镇举办书画展", True),
        ("石桥镇新建口袋公园", True),
    ]
    assert arts[1].text == "5月3日，石桥镇举办书画展，展出作品80幅。"
    assert arts[1].reporters == () and arts[0].text.endswith("栽植质量。")


def test_kicker_title_over_two_lines_and_subtitle_told_apart():
    page = (
        "总投资12亿元\n青禾新材料产业园\n项目签约落户青溪\n年产5万吨环保包装材料\n\n"
        "本报讯 5月2日，青溪县与青禾新材料集团产业园项目签约仪式在县行政中心\n举行，县委书记"
        "贺明远、青禾新材料集团董事长柏松出席并见证签约。\n项目选址青溪经济开发区，"
        "建成后可年产5万吨环保包装材料，总投资12亿元。\n记者 韩冬\n"
    )
    (a,) = _parse(page)
    assert (a.kicker, a.title, a.subtitle) == (
        "总投资12亿元",
        "青禾新材料产业园项目签约落户青溪",
        "年产5万吨环保包装材料",
    )


def test_slogan_above_is_a_kicker_and_a_second_headline_below_a_subtitle():
    page = "绿水青山 美丽乡村\n青溪县部署春季植树造林\n全年完成造林1.5万亩\n\n" + BODY_A
    (a,) = _parse(page)
    assert (a.kicker, a.title, a.subtitle) == (
        "绿水青山 美丽乡村",
        "青溪县部署春季植树造林",
        "全年完成造林1.5万亩",
    )


def test_continued_articles_are_marked():
    page = (
        "青溪县部署春季植树造林\n\n本报讯 5月4日，青溪县召开春季植树造林工作会议。县长\n"
        "贺明远强调，要抓好苗木调运。一要（下转第3版）\n\n首届茶文化节开幕\n\n" + BODY_B
    )
    first, second = _parse(page)
    assert first.continued == "下转第3版" and "下转" not in first.text
    assert first.text.endswith("一要") and second.title == "首届茶文化节开幕"
    page = (
        "青溪县部署春季植树造林\n（上接第1版）会议强调，各乡镇要抓好苗木调运和栽植，\n"
        "确保栽植质量和成活率，全年完成造林1.5万亩。\n（记者 韩冬）\n"
    )
    (a,) = _parse(page)
    assert (a.continued, a.title, a.reporters) == ("上接第1版", "青溪县部署春季植树造林", ("韩冬",))


def test_photo_caption_is_dropped_and_credit_line_goes_to_its_body():
    page = (
        "青溪县部署春季植树造林\n\n"
        + BODY_A
        + "\n5月3日，志愿者在青溪河畔植树。\n本报记者 萧然 摄\n\n"
        "首届茶文化节开幕\n文/图 记者 苗青\n"
        "本报讯 5月5日，青溪县举办首届茶文化节，吸引游客\n1.2万人次。茶农们现场展示手工制茶技艺。\n"
    )
    first, second = _parse(page)
    assert "志愿者" not in first.text + second.text + _heads(first) + _heads(second)
    assert second.title == "首届茶文化节开幕" and second.reporters == ("苗青",)


def test_byline_broken_inside_its_brackets_ends_the_body():
    page = (
        "首届茶文化节开幕\n\n本报讯 5月5日，青溪县举办首届茶文化节，吸引游客\n1.2万人次。茶农"
        "们现场展示手工制茶技艺。（本报记\n者 苗青）\n\n青溪县部署春季植树造林\n\n" + BODY_A
    )
    first, second = _parse(page)
    assert first.reporters == ("苗青",) and first.text.endswith("手工制茶技艺。")
    assert second.title == "青溪县部署春季植树造林"


def test_official_notice_is_dated_by_its_signature():
    page = (
        "关于青溪大道部分路段实施交通管制的通告\n"
        "因管网改造施工需要，自2024年5月10日起，对青溪大道实行半幅封闭施工，\n"
        "请过往车辆提前规划出行路线。由此带来的不便，敬请谅解。\n特此通告。\n"
        "青溪县住房和城乡建设局\n2024年5月6日\n"
    )
    (a,) = _parse(page)
    assert a.title == "关于青溪大道部分路段实施交通管制的通告"
    assert a.date_iso == "2024-05-06" and a.text.endswith("青溪县住房和城乡建设局")
