"""bench/newsdev.py's segmentation judge on hand-made articles, and the integrity of our
held-out question set (tests/data/own_questions.jsonl): every answer is on its page."""

from __future__ import annotations

from pathlib import Path

from bench.newsdev import dewrap, judge_article, segmentation
from qa.evaluate import read_questions
from qa.ingest.textio import read_text
from qa.records import Article

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "tests" / "data" / "own_questions.jsonl"
PAGE = "本报讯（记者 龙珊 通讯员 唐 敏）7月6日，槐安县召开推进会。本报讯 7月5日晚，篮球赛落幕。"


def _art(i: str, title: str, text: str, subtitle: str = "") -> Article:
    return Article(id=i, title=title, text=text, source="p02.txt", subtitle=subtitle)


def test_title_found_on_its_body_and_glued_kicker():
    gold = {
        "title": "槐安县推进会召开",
        "subtitle": "",
        "kicker": "坚定不移推进产业强县",
        "starts": "本报讯（记者龙珊通讯员唐",
    }
    page = dewrap(PAGE)
    good = _art("a", "槐安县推进会召开", "7月6日，槐安县召开推进会。", "坚定不移推进产业强县")
    j = judge_article(gold, [good], page)
    assert j["found"] and j["on_body"] and j["in_heads"] and j["kicker"]
    glued = _art("b", "坚定不移推进产业强县槐安县推进会召开", "7月6日，槐安县召开推进会。")
    j = judge_article(gold, [glued], page)
    assert not j["found"] and j["in_heads"] and j["got"] == glued.title
    other = _art("c", "槐安县首届农民篮球赛落幕", "7月5日晚，篮球赛落幕。")
    assert judge_article(gold, [other], page)["got"] == "(body not found)"


def test_segmentation_tally_and_misses(tmp_path):
    (tmp_path / "p02.txt").write_text(PAGE, encoding="utf-8")
    gold = {
        "p02.txt": [
            {"title": "槐安县推进会召开", "starts": "本报讯（记者龙珊通讯员唐"},
            {"title": "槐安县首届农民篮球赛落幕", "starts": "本报讯7月5日晚，篮球赛落"},
        ]
    }
    arts = [_art("a", "槐安县推进会召开", "7月6日，槐安县召开推进会。7月5日晚，篮球赛落幕。")]
    seg = segmentation(arts, gold, tmp_path)
    assert seg["overall"]["found"] == 1 and seg["overall"]["predicted"] == 1
    assert [m["title"] for m in seg["misses"]] == ["槐安县首届农民篮球赛落幕"]
    assert seg["misses"][0]["got"] == "槐安县推进会召开"  # merged into the article above


def _page_text(name: str) -> str:
    folder = ROOT / "seeds" if name.startswith("00") else ROOT / "tests" / "data" / "pages"
    return dewrap(read_text(folder / name))


def test_own_questions_answers_are_verbatim_on_their_pages():
    qs = read_questions(OWN)
    assert len(qs) >= 40 and sum(not q.answerable for q in qs) >= 6
    assert len({q.id for q in qs}) == len(qs)
    for q in qs:
        text = "".join(_page_text(p) for p in q.pages)
        assert q.type and q.lang in ("zh", "en") and q.articles, q.id
        for s in (*q.answers, *q.all, *q.articles):
            assert s in text, (q.id, s)
        assert set(q.all) <= set(q.answers), q.id
