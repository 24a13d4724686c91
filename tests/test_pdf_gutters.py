"""OCR lines joined across a column gutter are cut back at the column start (issue 13: found
by bench/pdf_questions.py on the seed pages' scans); indents and headlines are left alone."""

from __future__ import annotations

from qa.ingest.pdf_gutters import column_starts, split_gutters
from qa.ingest.pdf_layout import Line, read_layout

SIZE = 26.0  # body line height in pixels (9 pt at 200 dpi)
LEFT = [
    "本报讯近日，二七区人大",
    "常委会组织市、区两级人",
    "大代表对全区安置房建设",
    "推进工作进行视察。代表",
    "们一行先后到大田垌项目",
    "实地察看了项目进展情况",
]
RIGHT = [
    "时间节点、完善基础设施配", "套、充分利用政策时机等方", "面提出了具有建设性的意见",
    "和建议。区人大常委会主任", "吕安民强调，要提高站位，", "持续发力。记者景静",
]  # fmt: skip


def _page(merged_rows: int) -> list[Line]:
    """Two columns of body lines (the first line indented two characters); the first
    ``merged_rows`` rows come as one box across the gutter, as the OCR detector gave them."""
    lines = [Line("二七区召开推进会", 0, 0, 8 * 40, 40, 40)]
    for i, (a, b) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 60 + i * 36
        x0 = 2 * SIZE if i == 0 else 0.0
        a_end, b_end = x0 + len(a) * SIZE, 360 + len(b) * SIZE
        if i < merged_rows:
            lines.append(Line(a + b, x0, y, b_end, y + SIZE, SIZE))
        else:
            lines += [Line(a, x0, y, a_end, y + SIZE, SIZE), Line(b, 360, y, b_end, y + SIZE, SIZE)]
    return lines


def test_a_box_across_the_gutter_is_cut_at_the_column_start() -> None:
    lines = split_gutters(_page(2), SIZE)
    texts = sorted((ln.y0, ln.x0, ln.text) for ln in lines if ln.size == SIZE)
    assert [t for _, x, t in texts if x < 360] == LEFT
    assert [t for _, x, t in texts if x >= 360] == RIGHT
    region = read_layout(split_gutters(_page(2), SIZE), 700, 400)[0]
    assert "".join(region.paragraphs).startswith("".join(LEFT))


def test_indents_headlines_and_whole_lines_untouched() -> None:
    page = _page(0)
    assert column_starts([ln for ln in page if ln.size == SIZE], SIZE) == [0.0, 360.0]
    assert split_gutters(page, SIZE) == page
