"""List, yes/no and article-kind replies: question types, enumerations, polarity, kinds,
and end to end on the seed index."""

from __future__ import annotations

import pytest

from qa.answering.genre import asked_kind, kind_of
from qa.answering.lists import enumerations
from qa.answering.qtype import analyze, is_yes_no
from qa.answering.yesno import polarity
from qa.records import Article


def _items(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in e.items] for e in enumerations(text)]


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("哪两个村进了省级未来乡村创建名单？", "list"),
        ("洮源县哪几个村入选了省级乡村旅游重点村？", "list"),  # not a number question
        ("项目是谁和谁代表双方签的约？", "list"),
        ("Who were appointed at the meeting?", "list"),
        ("Which project was the main-venue project?", "what"),  # "was" is no plural
        ("农民篮球赛是哪些单位主办的？", "org"),
        ("Which agency compiled the figures?", "org"),
        ("刘建新现在还是县交通运输局局长吗？", "yes_no"),
        ("Did the county open a new bus line?", "yes_no"),
        ("谁主持了会议？", "who"),
        ("Which item on this page is an official notice?", "article"),
    ],
)
def test_question_types(question, qtype):
    assert analyze(question).qtype == qtype


def test_follow_up_and_wh_questions_are_not_yes_no():
    assert not is_yes_no("还有吗？")
    assert not is_yes_no("会议在哪里召开的吗？")


def test_enumerations_keep_every_item_and_cut_at_verbs():
    assert _items("赴杭州、上海开展招商") == [["杭州", "上海"]]
    assert _items("设置电工、焊工、中式烹调师、茶叶加工、电子商务5个比赛项目") == [
        ["电工", "焊工", "中式烹调师", "茶叶加工", "电子商务"]
    ]
    assert _items("由柳湾区住房和城乡建设局、柳湾公安分局交通管理大队负责") == [
        ["柳湾区住房和城乡建设局", "柳湾公安分局交通管理大队"]
    ]
    assert _items("县实验小学教师队和城关镇代表队分别获得奖项") == [
        ["县实验小学教师队", "城关镇代表队"]
    ]


def test_names_with_a_conjunction_and_titles_are_not_lists():
    assert _items("省文化和旅游厅公布名单") == []
    assert _items("县委副书记、县长龙海波主持会议") == []


@pytest.mark.parametrize(
    ("question", "evidence", "yes"),
    [
        ("他现在还是局长吗？", "免去他的局长职务", False),
        ("他被免去局长职务了吗？", "免去他的局长职务", True),
        ("县里以前办过冰雪活动吗？", "本届嘉年华是全县首次举办冰雪活动", False),
        ("劳务收入比去年多了吗？", "全县实现劳务收入18.2亿元，同比增长9.4%", True),
        ("劳务收入比去年多了吗？", "全县实现劳务收入18.2亿元，同比下降2.1%", False),
        ("水文站实现自动化监测了吗？", "水文站已实现自动化监测", True),
        ("项目开工了吗？", "项目尚未开工", False),
        ("Is he still the director?", "免去他的局长职务", False),
    ],
)
def test_polarity(question, evidence, yes):
    assert polarity(question, evidence) is yes


def test_article_kinds():
    notice = Article(
        "n", "关于某路段实施交通管制的通告", "因施工需要，实施交通管制。特此通告。", "p"
    )
    editorial = Article("e", "让丰收的喜悦更加持久", "金秋九月，稻谷飘香。我们要再接再厉。", "p")
    report = Article("r", "某县召开会议", "本报讯 6月2日，某县召开会议。", "p", reporters=("张三",))
    brief = Article("b", "某社区建成书房", "近日，某社区建成书房。", "p", brief=True)
    assert [kind_of(a) for a in (notice, editorial, report, brief)] == [
        "notice",
        "editorial",
        "",
        "brief",
    ]
    assert asked_kind("这一版上哪篇是评论员文章？") == "editorial"
    assert asked_kind("Which news brief mentions the app?") == "brief"
    assert asked_kind("哪篇文章提到了花花牛产业园？") == ""


@pytest.mark.slow
def test_list_and_yes_no_end_to_end(seed_index):
    from qa.api import ask

    ans = ask("二七区招商小分队赴哪些城市开展招商活动？", index=str(seed_index))
    assert ans.found and "杭州、上海" in ans.short
    c = ans.citations[0]
    assert "杭州、上海" in c.passage
    ans = ask("二七区招商小分队去过杭州吗？", index=str(seed_index))
    assert ans.found and ans.short == "是" and ans.citations


def test_kind_asked_by_a_list_question():
    from qa.answering.lists import _category

    assert _category("哪两个村进了创建名单？") == "村"
    assert _category("大赛设了哪些比赛项目？") == "比赛项目"
    assert _category("观摩会上点名的重点项目有哪些？") == "重点项目"


def test_organisations_of_government_and_signatures():
    from qa.answering.spans import orgs

    def names(s: str) -> list[str]:
        return [s[a:b] for a, b in orgs(s)]

    assert names("本报讯近日，省文化和旅游厅公布名单") == ["省文化和旅游厅"]
    assert names("记者从县发展和改革局价格监测中心了解到") == ["县发展和改革局价格监测中心"]
    assert names("柳湾区住房和城乡建设局柳湾公安分局交通管理大队") == [
        "柳湾区住房和城乡建设局",
        "柳湾公安分局交通管理大队",
    ]
    assert names("构建新的发展格局") == []
