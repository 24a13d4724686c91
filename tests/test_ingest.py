from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from qa.ingest import ingest_paths, parse_page, read_corpus
from qa.textio import read_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).parent / "data"
CJK = re.compile(r"[\u4e00-\u9fff]")

# (title, subtitle, date, reporters, correspondents) per seed article, in page order.
SEED_000 = [
    ("市、区两级人大代表视察二七区防汛备汛工作", "", "5月31日", ("景静",), ("左学彬", "周祎")),
    ("二七区举办地方政府专项债暨产业项目谋划能力培训会", "", "", ("景静",), ()),
    ("区委理论学习中心组举行集中学习会", "在基层找到突破与创新形成二七特有的发展思路", "5月30日",
     ("景静",), ("王丹青", "陈静娴")),
    ("二七区招商小分队赴长三角地区考察招商", "力争将学习考察成果尽快转化为签约落地成果", "5月底",
     ("景静",), ()),
    ("二七区与中交投资签约", "探索央地合作新模式", "5月26日", ("景静",), ()),
    ("二七区召开党建引领网格化基层治理工作推进会", "", "5月31日", ("景静",), ()),
]
SEED_003 = [
    ("二七区召开防汛应急演练动员会", "", "5月6日", ("景静",), ()),
    ("二七区委党校2023年春季主体班圆满结业", "", "3月28日", ("景静",), ()),
    ("二七区召开二季度产业发展暨经济工作推进会", "以实干实绩交出“半年红”“双过半”优异答卷", "5月4日",
     ("景静",), ()),
    ("区领导到郑州机械研究所有限公司调研座谈", "全力打造嵩山路科创产业一条街", "5月5日", ("景静",), ()),
    ("区领导督导安全生产工作", "聚焦重点行业领域 确保安全检查常态长效", "", ("景静",), ()),
    ("市、区两级人大代表视察二七区安置房建设推进工作", "", "", ("景静",), ("左学彬", "周祎")),
]


def _page(name: str):
    path = SEEDS / name
    return path, parse_page(read_text(path), path.name)


@pytest.mark.parametrize("name,expected", [("000_f3a92ef96d51ddea.txt", SEED_000),
                                           ("003_e52d46895fb9f38c.txt", SEED_003)])
def test_seed_pages_titles_dates_bylines(name, expected):
    _, arts = _page(name)
    got = [(a.title, a.subtitle, a.date, a.reporters, a.correspondents) for a in arts]
    assert got == expected
    assert all(a.date_iso.startswith("2023") for a in arts if a.date)  # year read off the page
    assert [a.position for a in arts] == list(range(6))


def _cjk(text: str) -> Counter[str]:
    return Counter(CJK.findall(text))


def _conserved(raw: str, arts) -> None:
    """Every CJK char of the page is in exactly one article body, headline or byline."""
    accounted = Counter()
    for a in arts:
        accounted += _cjk(a.text) + _cjk(a.title + a.subtitle)
        if a.reporters:
            accounted += _cjk("记者" + "".join(a.reporters))
        if a.correspondents:
            accounted += _cjk("通讯员" + "".join(a.correspondents))
    assert accounted == _cjk(raw)


@pytest.mark.parametrize("name", ["000_f3a92ef96d51ddea.txt", "003_e52d46895fb9f38c.txt"])
def test_no_sentence_lost_or_duplicated_on_seeds(name):
    path, arts = _page(name)
    _conserved(read_text(path), arts)


def test_reflow_repairs_seed_column_breaks_and_spacing():
    _, arts = _page("000_f3a92ef96d51ddea.txt")
    text = "\n".join(a.text for a in arts)
    for fixed in ("向问题叫板", "坚苦努力", "开辟新局面", "林毅夫在2023中国发展高层论坛",
                  "5月30日下午", "17个镇办等39个单位", "世界500强", "MAH药品"):
        assert fixed in text
    # true paragraph breaks survive
    assert "召开座谈会。\n会上，" in arts[0].text


def test_people_and_titles_on_seeds():
    _, arts = _page("003_e52d46895fb9f38c.txt")
    meeting = arts[2]
    assert ("樊惠林", "区委书记") in {(p.name, p.title) for p in meeting.people}
    assert "虎荣鑫" in {p.name for p in meeting.people}


OWN = {
    "page_a.txt": [
        ("金水区召开秋季森林防火工作部署会", "", "10月12日", ("周婷",), ("马文涛",)),
        ("书香金水读书分享会举行", "", "", ("何佳",), ()),
        ("金水区与安和物流集团签约", "冷链仓储项目总投资约45亿元", "10月15日", ("周婷",), ()),
    ],
    "page_b.txt": [
        ("惠济区召开河湖长制工作推进会", "聚焦重点河段 加大巡河频次", "9月3日", ("范晓光",), ()),
        ("老鸦陈街道举办重阳节敬老文艺汇演", "", "9月5日", ("范晓光",), ("刘敏",)),
    ],
    "page_gbk.txt": [
        ("中原区举办中小企业融资对接会", "", "11月2日", ("江一鸣",), ()),
    ],
}


@pytest.mark.parametrize("name", sorted(OWN))
def test_unseen_pages_split_as_well(name):
    """Pages written for the tests: headlines after bodies / all at the end, broken bylines
    (记者 周\\n婷, 通讯员 刘\\n敏), column breaks mid-word, OCR spaces, a GBK-encoded file."""
    path = DATA / "pages" / name
    raw = read_text(path)
    arts = parse_page(raw, name)
    got = [(a.title, a.subtitle, a.date, a.reporters, a.correspondents) for a in arts]
    assert got == OWN[name]
    _conserved(raw, arts)


def test_year_option_and_people_on_unseen_page():
    arts = parse_page(read_text(DATA / "pages" / "page_a.txt"), "page_a.txt", year=2024)
    assert arts[0].date_iso == "2024-10-12"
    people = {p.name: p.title for p in arts[0].people}
    assert people["郭明远"] == "副区长" and people["孙立平"] == "区应急管理局局长"
    b = parse_page(read_text(DATA / "pages" / "page_b.txt"), "page_b.txt", year=2024)
    assert b[0].date_iso == "2022-09-03"  # a year written in the text wins over --year


def test_bad_input_is_reported_and_the_rest_ingested():
    r = ingest_paths([DATA / "bad_empty.txt", DATA / "bad_binary.txt", DATA / "bad_corpus.jsonl",
                      DATA / "pages" / "page_gbk.txt", DATA / "nope.txt",
                      DATA / "xquad_zh_sample.LICENSE.json"])
    msgs = [str(p) for p in r.problems]
    assert any("bad_empty.txt: empty file" in m for m in msgs)
    assert any("bad_binary.txt: binary file" in m for m in msgs)
    assert any("bad_corpus.jsonl:2: not JSON" in m for m in msgs)
    assert any("bad_corpus.jsonl:3: missing or empty field 'text'" in m for m in msgs)
    assert any("bad_corpus.jsonl:4: expected a JSON object" in m for m in msgs)
    assert any("nope.txt: no such file" in m for m in msgs)
    assert any("LICENSE.json: unsupported file type" in m for m in msgs)
    assert {a.id for a in r.articles} >= {"ok-1", "ok-2"}
    assert any(a.source == "page_gbk.txt" for a in r.articles)


def test_corpus_keeps_ids_and_reingest_is_idempotent():
    arts, problems = read_corpus(DATA / "xquad_zh_sample.jsonl")
    assert not problems and arts[0].id == "xquad_zh-p000-00"
    r = ingest_paths([SEEDS, SEEDS / "000_f3a92ef96d51ddea.txt"])
    assert len(r.articles) == 12  # the same file twice gives its articles once
    assert len({a.id for a in r.articles}) == 12
    again = ingest_paths([SEEDS])
    assert [a.id for a in again.articles] == [a.id for a in r.articles]


def test_questions_file_in_a_directory_is_skipped_not_an_error():
    r = ingest_paths([SEEDS])  # seeds/ holds questions.jsonl next to the pages
    assert len(r.articles) == 12 and not r.problems
    named = ingest_paths([SEEDS / "questions.jsonl"])
    assert not named.articles and "questions file" in str(named.problems[0])


def test_bodies_without_bylines_give_back_trailing_headlines():
    page = ("本报讯 6月2日，某县召开秋粮收购工作会议，\n部署收购工作。\n\n"
            "某县部署秋粮收购\n\n"
            "本报讯 6月3日，某县开展文明交通宣传活动，\n发放资料2000余份。\n\n"
            "某县开展文明交通宣传\n")
    arts = parse_page(page, "nobyline.txt")
    assert [a.title for a in arts] == ["某县部署秋粮收购", "某县开展文明交通宣传"]
    assert arts[0].text.endswith("部署收购工作。") and not arts[0].reporters
