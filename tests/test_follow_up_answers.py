"""Follow-ups answered inside the carried article: the typed spans a follow-up asks for
(durations, venues, grouped thousands, counts), and "who else" never repeats the person
already named. Real pipeline over a small invented archive, hash encoder for speed."""

from __future__ import annotations

import pytest

from qa.answering import spans
from qa.answering.qtype import COUNT, DURATION, analyze
from qa.api import ask
from qa.index.build import build_index
from qa.records import Article, Person


def _texts(s: str, found: list[tuple[int, int]]) -> list[str]:
    return [s[a:b] for a, b in found]


def test_durations_are_lengths_of_time_not_dates():
    s = "3月18日上午9时至12时，历时3天，为期两个月，用时45分钟，他已经度过了31年。1993年，"
    assert _texts(s, spans.durations(s)) == ["3天", "两个月", "45分钟", "31年"]
    s = "刘志鹏以1小时06分12秒获得冠军，10时18分靠泊。"
    assert _texts(s, spans.durations(s)) == ["1小时06分12秒"]


def test_venues_with_an_address_or_set_up_in():
    s = "将在县人力资源市场（鹤溪街道文化路88号）举办招聘会。会议在县应急指挥中心设主会场。"
    assert _texts(s, spans.places(s)) == ["县人力资源市场（鹤溪街道文化路88号）", "县应急指挥中心"]
    s = "该项目选址城东工业园，主要建设生产线。"
    assert _texts(s, spans.places(s)) == ["城东工业园"]


def test_numbers_with_grouped_thousands():
    s = "建成后可新增就业岗位3 000个，2021年 100个，投资1 386万元。"
    assert _texts(s, spans.numbers(s)) == ["3 000个", "100个", "1 386万元"]


def test_unit_hints_of_durations_and_counts():
    assert analyze("他跑了多长时间？").qtype == "number"
    assert analyze("他跑了多长时间？").unit_hint == DURATION
    assert analyze("How long did the race take?").unit_hint == DURATION
    assert analyze("他干这一行多少年了？").unit_hint == "年"
    assert analyze("How many jobs will it create?").unit_hint == COUNT
    assert analyze("How many people attended?").unit_hint == "人"
    assert analyze("What GDP growth target was set?").qtype == "number"


ARTICLES = [
    Article(
        id="m1",
        title="青禾县半程马拉松开跑",
        source="invented",
        date="4月20日",
        date_iso="2031-04-20",
        text="本报讯 4月20日，青禾县半程马拉松开跑，8 000名选手参赛。县长柯明远鸣枪。"
        "经过激烈角逐，选手葛青云以1小时08分30秒获得男子组冠军。",
        people=(Person("柯明远", "县长"), Person("葛青云", "")),
    ),
    Article(
        id="m2",
        title="青禾县召开防汛工作推进会",
        source="invented",
        date="6月3日",
        date_iso="2031-06-03",
        text="本报讯 6月3日，青禾县召开防汛工作推进会。县委书记严松柏主持会议。"
        "副县长裴云汐出席会议并讲话。会议在县应急指挥中心设主会场，各乡镇设分会场。",
        people=(Person("严松柏", "县委书记"), Person("裴云汐", "副县长")),
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("followups") / "ix"
    build_index(root, ARTICLES, encoders=["hash"])
    return str(root)


def test_a_follow_up_gets_the_typed_span_of_the_carried_article(index):
    first = "男子组冠军是谁？"
    took = ask("他跑了多长时间？", index=index, history=[first])
    assert took.short == "1小时08分30秒" and "接上文《青禾县半程马拉松开跑》" in took.text
    venue = ask("那次会议的主会场设在哪里？", index=index, history=["谁主持了防汛工作推进会？"])
    assert venue.short == "县应急指挥中心"


def test_who_else_does_not_repeat_the_person_named(index):
    first = ask("谁主持了防汛工作推进会？", index=index)
    assert first.short == "严松柏"
    other = ask("还有谁出席了？", index=index, history=[first])
    assert other.found and other.short == "裴云汐"
    en = ask("Who else attended it and spoke?", index=index, history=[first])
    assert en.found and en.short == "裴云汐"
