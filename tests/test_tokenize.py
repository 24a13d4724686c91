from __future__ import annotations

from qa.text.tokenize import Tokenizer, TokenizerConfig


def test_question_words_dropped_and_bigrams_added():
    toks = Tokenizer().tokenize("谁主持了二季度产业发展暨经济工作推进会？", query=True)
    assert "谁" not in toks and "主持" in toks
    assert "二季度" in toks  # jieba search-mode word
    assert "推进" in toks and "进会" in toks  # bigram fallback


def test_unknown_name_matches_through_user_dictionary_and_bigrams():
    text = "区委常委、常务副区长屈连武强调"
    plain = Tokenizer().tokenize(text)
    with_dict = Tokenizer(TokenizerConfig(user_words=("屈连武",))).tokenize(text)
    assert "屈连武" in with_dict
    # even without the dictionary the bigrams of the name are there
    assert {"屈连", "连武"} <= set(plain)


def test_latin_and_digits_normalised_not_split_into_chars():
    toks = Tokenizer().tokenize("ＭＡＨ药品 5月31日 Lin Yifu")
    assert "mah" in toks and "lin" in toks and "yifu" in toks
    assert "31" in toks


def test_user_dictionary_is_per_instance():
    a = Tokenizer(TokenizerConfig(user_words=("坚苦努力",)))
    b = Tokenizer()
    assert "坚苦努力" in a.tokenize("要坚苦努力")
    # another tokenizer (and jieba's global dictionary) is not changed by a's user words
    assert "坚苦努力" not in b.tokenize("要坚苦努力")
    assert a.config.user_hash() != b.config.user_hash()
