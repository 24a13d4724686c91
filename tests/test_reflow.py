from __future__ import annotations

from qa.reflow import ends_sentence, normalize_spacing, reflow


def test_cjk_lines_join_without_space_and_latin_words_keep_one():
    assert reflow(["二七区人大常", "委会组织视察。"]) == "二七区人大常委会组织视察。"
    assert reflow(["the Super", "Bowl 50"]) == "the Super Bowl 50"


def test_column_break_mid_word_is_joined_but_paragraph_break_kept():
    lines = ["敢于向困难挑战、向问题叫", "", "板，脚踏实地。", "", "一要坚持谋求创新突破。"]
    assert reflow(lines) == "敢于向困难挑战、向问题叫板，脚踏实地。\n一要坚持谋求创新突破。"
    # a closing quote after the full stop still ends the paragraph
    assert reflow(["他说：“好。”", "", "下一段。"]) == "他说：“好。”\n下一段。"


def test_ocr_spacing_between_cjk_and_digits_removed_latin_untouched():
    s = "本报讯 5月 31日，17个镇办等 39个单位，世界 500 强，MAH药品，联东U谷·郑州，Top 10"
    assert normalize_spacing(s) == (
        "本报讯5月31日，17个镇办等39个单位，世界500强，MAH药品，联东U谷·郑州，Top 10"
    )


def test_ends_sentence():
    assert ends_sentence("好。") and ends_sentence("好。”") and not ends_sentence("叫")
