"""Seed articles set as a newspaper PDF (tests/pdfgen.py:lay_out) read back as the .txt page
gave them, and a seed question answered the same over both (issue 13; the whole seed set,
scans included, is measured by bench/pdf_questions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, lay_out, story_of  # noqa: E402

from qa.ingest.files import ingest_paths  # noqa: E402
from qa.ingest.pdf_layout import Line, read_layout  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FONT = find_cjk_font()
# the first one's subtitle is broken over two lines in its two columns
TITLES = ("区委理论学习中心组举行集中学习会", "二七区与中交投资签约", "二七区举办地方政府专项债暨产业项目谋划能力培训会")  # fmt: skip


@pytest.fixture(scope="module")
def seed_articles() -> list:
    by_title = {a.title: a for a in ingest_paths([ROOT / "seeds"]).articles}
    return [by_title[t] for t in TITLES]


@pytest.fixture(scope="module")
def pdf_articles(seed_articles, tmp_path_factory) -> list:
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    path = tmp_path_factory.mktemp("seedpdf") / "erqi.pdf"
    lay_out(path, FONT, [story_of(a) for a in seed_articles])
    result = ingest_paths([path])
    assert not result.problems
    return list(result.articles)


def test_seed_articles_read_back_from_the_pdf(seed_articles, pdf_articles) -> None:
    got = {a.title: a for a in pdf_articles}
    assert sorted(got) == sorted(TITLES)
    for a in seed_articles:
        b = got[a.title]
        assert (b.subtitle, b.text) == (a.subtitle, a.text)
        assert (b.reporters, b.date_iso) == (a.reporters, a.date_iso)
        assert b.source.startswith("erqi.pdf#p")


def test_seed_question_answered_as_over_the_txt(pdf_articles, seed_index, tmp_path) -> None:
    from qa.api import ask
    from qa.index.build import build_index

    build_index(tmp_path / "pdf", pdf_articles)
    question = "二七区与中交投资的合作规模是多少？"  # seeds/questions.jsonl s002
    over_pdf = ask(question, index=str(tmp_path / "pdf"), k=5)
    over_txt = ask(question, index=str(seed_index), k=5)
    assert "300亿元" in over_pdf.short
    assert over_pdf.short == over_txt.short
    assert over_pdf.citations[0].title == "二七区与中交投资签约"


def test_a_deck_broken_over_two_lines_is_one_subtitle() -> None:
    def lines(kicker: bool) -> list[Line]:
        out = [Line("二七区召开推进会", 10, 40, 170, 60, 20)]
        out += [Line("在基层找到突破与创新形", 20, 64, 160, 77, 13)]
        out += [Line("成二七特有的发展思路", 20, 79, 160, 92, 13)]
        if kicker:
            out.insert(0, Line("聚焦重点行业领域", 20, 20, 160, 33, 13))
        body = "本报讯 5月30日，二七区召开推进会，会议指出要统筹推进。"
        return [*out, *(Line(body, 10, 100 + 13 * i, 180, 109 + 13 * i, 9) for i in range(4))]

    assert (
        read_layout(lines(False), 200, 300)[0].subtitle
        == "在基层找到突破与创新形成二七特有的发展思路"
    )
    kicked = read_layout(lines(True), 200, 300)[0]
    assert kicked.subtitle == "聚焦重点行业领域 在基层找到突破与创新形成二七特有的发展思路"


def test_a_column_level_with_two_stories_goes_to_the_nearer_headline() -> None:
    """Story B's short headline is centred over its three columns and reaches neither its
    first column (x 260-378) nor story A's (over columns 1-2): that column is B's."""
    lines = [Line("二七区召开人大代表视察会", 40, 0, 200, 20, 20)]
    lines.append(Line("二七区举办专项债培训会", 420, 0, 580, 20, 20))
    for c, x in enumerate((0, 130, 260, 390, 520)):
        for r in range(5):
            text = f"第{c + 1}栏第{r + 1}行：会议要求各单位认真落实。"
            lines.append(Line(text, x, 30 + 13 * r, x + 118, 39 + 13 * r, 9))
    got = {r.title: "".join(r.paragraphs) for r in read_layout(lines, 700, 300)}
    assert got["二七区举办专项债培训会"].startswith("第3栏第1行")
    assert "第3栏" not in got["二七区召开人大代表视察会"]
