"""Sources grouped by article (one card, passages merged, every span marked), the archive tab's
article and people tables, and the chat passing its earlier questions as history."""

from __future__ import annotations

import pytest

from qa.index.build import build_index
from qa.records import Answer, Article, Citation, Person
from ui.browse import articles_html, choices, filtered, people_html
from ui.handlers import respond
from ui.render import merge, sources_html

TEXT = "本报讯 6月3日，县委书记严松柏主持会议并讲话。副县长裴云汐通报了情况。会议要求压实责任。"
ART = Article(id="a1", title="青禾县召开防汛工作推进会", text=TEXT, source="p.txt",
              date="6月3日", date_iso="2031-06-03",
              people=(Person("严松柏", "县委书记"), Person("裴云汐", "副县长")))  # fmt: skip
OTHER = Article(id="a2", title="青禾县与远帆物流集团签约", source="q.txt", date="5月5日",
                date_iso="2031-05-05", text="本报讯 5月5日，青禾县与远帆物流集团签约。县长柯明远出席。",
                people=(Person("柯明远", "县长"),))  # fmt: skip


def _cite(n, art, start, end, a, b):
    return Citation(n, art.id, art.title, art.date_iso, art.source, art.text[start:end], start,
                    end, answer_start=a, answer_end=b)  # fmt: skip


def test_one_card_per_article_with_merged_passages_and_every_span():
    i, j = TEXT.index("严松柏"), TEXT.index("裴云汐")
    cites = (_cite(1, ART, 0, 30, i, i + 3), _cite(2, ART, 20, len(TEXT), j, j + 3),
             _cite(3, OTHER, 0, 20, 4, 9))  # fmt: skip
    html = sources_html(Answer("q", True, "严松柏", "…[1][2][3]", cites), {"a1": ART, "a2": OTHER},
                        "zh")  # fmt: skip
    assert html.count("<details class='source'") == 2
    assert "<b>[1][2]</b>" in html and "<b>[3]</b>" in html
    card = html.split("<details")[1]
    summary = card.split("</summary>")[0]
    assert summary.count("<div class='passage'>") == 1  # 0..30 and 20..end overlap: one block
    assert "<mark class='answer-span'>严松柏</mark>" in summary
    assert "<mark class='answer-span'>裴云汐</mark>" in summary
    assert merge([(5, 9), (0, 3), (2, 4)]) == [(0, 4), (5, 9)]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-archive") / "ix"
    build_index(root, [ART, OTHER], encoders=["hash"])
    return str(root)


def test_archive_tab_tables(index):
    months, sources, people = choices(index)
    assert months == ["2031-06", "2031-05"] and sources == ["p.txt", "q.txt"]
    assert "严松柏" in people
    assert [a.id for a in filtered([ART, OTHER])] == ["a1", "a2"]  # newest first
    assert [a.id for a in filtered([ART, OTHER], person="柯明远")] == ["a2"]
    html = articles_html(index, month="2031-05")
    assert "远帆物流" in html and "防汛" not in html and "1 篇" in html
    assert "县委书记" in people_html(index)
    assert choices(index + "-none") == ([], [], [])


def test_chat_passes_its_earlier_questions(index):
    _, _, _, answers, _ = respond(index, "青禾县与远帆物流集团签约谁出席了？", [], [], "", "zh")
    _, history, sources, answers, _ = respond(index, "那个项目在哪天签约？", [], answers, "", "zh")
    assert "接上文" in history[-1]["content"] and "source" in sources
    assert answers[-1]["citations"][0]["article_id"] == "a2"
