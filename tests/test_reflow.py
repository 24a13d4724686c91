from __future__ import annotations

from qa.ingest.reflow import (
    ends_paragraph,
    join_lines,
    normalize_digit_spacing,
    normalize_spacing,
    reflow,
)


def test_cjk_lines_join_without_space_and_latin_words_keep_one():
    assert reflow(["二七区人大常", "委会组织视察。"]) == "二七区人大常委会组织视察。"
    assert reflow(["the Super", "Bowl 50"]) == "the Super Bowl 50"
    assert join_lines("联东U谷·", "郑州") == "联东U谷·郑州"


def test_column_breaks_mid_word_are_joined():
    for lines, joined in [
        (
            ["敢于向困难挑战、向问题叫", "", "板，脚踏实地。"],
            "敢于向困难挑战、向问题叫板，脚踏实地。",
        ),
        (["锚定目标、坚苦努", "", "力，牢牢把握。"], "锚定目标、坚苦努力，牢牢把握。"),
        (["展现新气象、开", "", "辟新局面。"], "展现新气象、开辟新局面。"),
        (
            ["院长林毅夫在 2023", "", "中国发展高层论坛所作的报告。"],
            "院长林毅夫在2023中国发展高层论坛所作的报告。",
        ),
        # a clause that ends in ；or ： is not the end of a paragraph
        (["消除隐患；", "", "要统筹兼顾。"], "消除隐患；要统筹兼顾。"),
    ]:
        assert reflow(lines) == joined


def test_true_paragraph_breaks_are_kept():
    lines = ["召开座谈会。", "", "会上，代表们纷纷", "发言。", "", "他说：“好。”", "", "下一段。"]
    assert reflow(lines) == "召开座谈会。\n会上，代表们纷纷发言。\n他说：“好。”\n下一段。"
    # no blank line → one paragraph even after a full stop (hard wrap can end anywhere)
    assert reflow(["进行了座谈。", "第三天，小分队"]) == "进行了座谈。第三天，小分队"


def test_ocr_spacing_between_cjk_and_digits_removed_latin_untouched():
    s = (
        "本报讯 5月 31日，17个镇办等 39个单位，世界 500 强，林毅夫在 2023中国，MAH药品，"
        "联东U谷·郑州，Top 10，Super   Bowl，（ 简称 ）"
    )
    assert normalize_spacing(s) == (
        "本报讯5月31日，17个镇办等39个单位，世界500强，林毅夫在2023中国，MAH药品，"
        "联东U谷·郑州，Top 10，Super Bowl，（简称）"
    )
    assert normalize_spacing("二七区\u3000召开\u00a0 会议") == "二七区召开会议"


def test_headline_spacing_keeps_the_phrase_separator():
    assert normalize_digit_spacing(" 二七区委党校 2023年") == "二七区委党校2023年"
    assert normalize_digit_spacing("聚焦重点行业领域  确保安全检查常态长效") == (
        "聚焦重点行业领域 确保安全检查常态长效"
    )


def test_ends_paragraph():
    assert ends_paragraph("好。") and ends_paragraph("好。”") and ends_paragraph("好吗？")
    assert not ends_paragraph("叫") and not ends_paragraph("隐患；") and not ends_paragraph("")


def test_join_all_joins_like_join_lines_one_by_one():
    from functools import reduce

    from qa.ingest.reflow import join_all

    for pieces in (["敢于向问题叫", "板，"], ["the Super", "", "Bowl", "50"], ["a", "", "b"], []):
        assert join_all(pieces) == reduce(join_lines, pieces, "")


def test_reflow_ends_paragraphs_on_closers_alone_and_long_space_runs():
    assert reflow(["他说：“好。", "”", "", "下一段。"]) == "他说：“好。”\n下一段。"
    assert reflow(["”", "", "下一段。"]) == "”下一段。"
    assert normalize_spacing("a" + " " * 100_000 + "b，" + "\u3000" * 50 + "c") == "a b，c"
