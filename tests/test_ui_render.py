from __future__ import annotations

from qa.records import Answer, Article, Citation
from ui.render import highlight, sources_html
from ui.state import resolve_followup

EVIL = "<script>alert(1)</script>[x](javascript:alert(1))<img src=x onerror=alert(1)>"


def _answer(text: str, span=(2, 5)) -> tuple[Answer, dict]:
    art = Article(id="a1", title="标题" + EVIL, text=text, source="p.txt", date="5月4日")
    c = Citation(
        1,
        "a1",
        art.title,
        "5月4日",
        "p.txt",
        text[:20],
        0,
        20,
        answer_start=span[0],
        answer_end=span[1],
    )
    return Answer("q", True, text[span[0] : span[1]], "reply [1]", (c,)), {"a1": art}


def test_answer_span_is_marked_and_article_opens():
    ans, arts = _answer("区委书记樊惠林主持会议并讲话。后文。", span=(4, 7))
    html = sources_html(ans, arts, "zh")
    assert "<mark class='answer-span'>樊惠林</mark>" in html
    assert "<details" in html and "passage-hl" in html  # the whole article, passage highlighted


def test_archive_text_cannot_inject_markup():
    ans, arts = _answer("正文" + EVIL + "。", span=(0, 2))
    html = sources_html(ans, arts, "en")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_highlight_outside_text_is_plain():
    assert highlight("abc", 10, (0, 2)) == "abc"


def test_followup_pronouns():
    assert resolve_followup("他还参加了什么活动？", "樊惠林") == "樊惠林还参加了什么活动？"
    assert resolve_followup("what else did he attend?", "樊惠林") == "what else did 樊惠林 attend?"
    assert resolve_followup("谁主持了会议？", "樊惠林") == "谁主持了会议？"
    assert resolve_followup("他还参加了什么活动？", "") == "他还参加了什么活动？"
