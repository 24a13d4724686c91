from __future__ import annotations

from qa.ingest.bylines import parse_byline
from qa.ingest.dates import extract_date, infer_year
from qa.ingest.people import extract_people


def test_people_with_titles_and_name_boundaries():
    text = (
        "本报讯 近日，二七区委副书记、区长虎荣鑫带队督导安全生产工作，区领导屈连武、曹宪武陪同。"
        "会上，区新型城镇化建设中心主任牛真汇报了进展，区委副书记李雅参加会议。"
        "代表们先后到现场察看。"
    )
    people = {p.name: p.title for p in extract_people(text)}
    assert people == {
        "虎荣鑫": "二七区委副书记、区长",
        "屈连武": "区领导",
        "曹宪武": "区领导",
        "牛真": "区新型城镇化建设中心主任",
        "李雅": "区委副书记",
    }


def test_longest_title_wins():
    text = "区领导屈连武陪同。区委常委、常务副区长屈连武强调，要抓落实。"
    assert {p.name: p.title for p in extract_people(text)}["屈连武"] == "区委常委、常务副区长"


def test_dates():
    assert extract_date("本报讯5月31日上午，", 2023) == ("5月31日", "2023-05-31")
    assert extract_date("本报讯3月28日至4月26日，", 2023) == ("3月28日", "2023-03-28")
    assert extract_date("本报讯 为做好招商工作，5月底，", 2023) == ("5月底", "2023-05")
    assert extract_date("本报讯2022年9月3日，", None) == ("9月3日", "2022-09-03")
    assert extract_date("本报讯 近日，", 2023) == ("", "")
    assert extract_date("本报讯5月31日", None) == ("5月31日", "")
    assert infer_year("推动2023年项目", "2023年春季", "1998年") == 2023


def test_byline():
    assert parse_byline("记者 景静 通讯员 左学彬 周祎") == (("景静",), ("左学彬", "周祎"))
    assert parse_byline("记者 周婷 通讯员 马文涛") == (("周婷",), ("马文涛",))


def test_vocabulary_comes_from_data_files_with_their_source():
    from importlib import resources

    from qa.ingest import vocab

    for name in ("surnames.txt", "title_words.txt", "verb_titles.txt", "byline_roles.tsv",
                 "name_followers.tsv", "not_name_end.txt"):  # fmt: skip
        text = resources.files("qa").joinpath("data", name).read_text(encoding="utf-8")
        assert text.startswith("# "), name  # a comment line says where the list comes from
        assert len(set(vocab.entries(name))) == len(vocab.entries(name)) > 0, name
    assert {"王", "樊", "虎"} <= vocab.surnames() and "欧阳" in vocab.compound_surnames()
    assert vocab.verb_titles() <= set(vocab.title_words())
    assert "通讯员" in vocab.byline_roles("correspondent") and "摄影" in vocab.byline_roles(
        "reporter"
    )
    assert set(vocab.name_followers(strong_only=True)) < set(vocab.name_followers())


def test_byline_with_a_long_space_run_inside():
    assert parse_byline("记者 张三" + " " * 50_000 + "李四 摄") == (("张三", "李四"), ())
