"""English proper nouns found in Chinese text by their pinyin."""

from __future__ import annotations

from qa.answering.spelled import spelled


def test_invented_names_are_found_as_printed():
    texts = ["瀚川新材料高性能纤维项目签约落户梧川", "槐安县上半年重点项目建设观摩推进会召开"]
    assert spelled("Hanchuan", texts) == ("瀚川",)
    assert spelled("Huai'an", texts) == ("槐安",)
    assert spelled("Shimengou", ["石门沟村去年接待游客8.2万人次"]) == ("石门沟",)


def test_no_match_across_punctuation_or_for_short_words():
    assert spelled("Hanchuan", ["瀚，川"]) == ()
    assert spelled("An", ["安县"]) == ()  # too short to tell a name from a syllable
    assert spelled("Beijing", ["没有这个地名"]) == ()
