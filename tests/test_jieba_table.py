"""jieba's dictionary mapped from the data directory (issue 21: start and memory) tokenizes
exactly as the dictionary jieba loads itself: the same look-ups, the same total, so BM25 sees
the same tokens."""

from __future__ import annotations

import os
from pathlib import Path

import jieba
import pytest
import yaml

from assistant.nlu.tokenize import DOMAIN_WORDS
from assistant.retrieval import jiebatable
from assistant.retrieval.jiebatable import MappedFreq, map_dictionary, table_path, write_table
from assistant.retrieval.vectorstore import build_documents, load_synonyms

ROOT = Path(__file__).resolve().parents[1]


def _teach(tk: jieba.Tokenizer) -> None:
    """What the application adds: the domain words, then the synonyms (twice, as two
    retrievers in one process do; the total grows each time)."""
    for word in DOMAIN_WORDS:
        tk.add_word(word, freq=20000)
    words = [w for terms in load_synonyms().values() for w in terms.words if 1 < len(w) <= 12]
    for word in words + words:
        tk.add_word(word, freq=10000)


def test_the_mapped_dictionary_cuts_every_text_as_jieba_does(tmp_path):
    mapped = jieba.Tokenizer()
    assert map_dictionary(tmp_path, mapped)
    assert isinstance(mapped.FREQ, MappedFreq) and table_path(tmp_path).exists()
    plain = jieba.Tokenizer()
    plain.initialize()
    for tk in (mapped, plain):
        _teach(tk)
    assert mapped.total == plain.total
    questions = yaml.safe_load((ROOT / "benchmarks" / "questions.yaml").read_text("utf-8"))
    texts = [q["q"] for q in questions] + [d.page_content for d in build_documents()]
    joined = "".join(texts)
    texts += [joined[i : i + 250] for i in range(0, len(joined), 250)]  # long messages
    texts += ["\ud800中试基地的补贴", "ＡＢＣ孵化器 2025年", "x" * 300, ""]
    for text in texts:
        assert mapped.lcut_for_search(text.lower()) == plain.lcut_for_search(text.lower()), text


def test_the_mapping_answers_as_the_dict(tmp_path):
    path = tmp_path / "t.bin"
    freq = {"中": 10, "中试": 20, "中试基": 0, "中试基地": 30, "a": 1}
    write_table(path, freq, total=61)
    mapped = MappedFreq(path)
    assert mapped.total == 61 and len(mapped) == 5 and sorted(mapped) == sorted(freq)
    for word, value in freq.items():
        assert word in mapped and mapped[word] == value and mapped.get(word) == value
    for absent in ("试", "中试基地。", "\ud800", "b"):
        assert absent not in mapped and mapped.get(absent, -1) == -1
        with pytest.raises(KeyError):
            mapped[absent]
    mapped["中试"] = 5  # add_word over a word of the dictionary
    mapped["孵化器"] = 7
    assert mapped["中试"] == 5 and mapped.get("孵化器") == 7 and "孵化器" in mapped
    assert len(mapped) == 6


def test_a_table_that_cannot_be_written_leaves_jieba_its_own_load(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jiebatable, "write_table", refuse)
    tk = jieba.Tokenizer()
    assert not map_dictionary(tmp_path, tk)
    assert not tk.initialized and not os.listdir(tmp_path)


def test_a_damaged_table_is_not_mapped(tmp_path):
    path = table_path(tmp_path)
    write_table(path, {"中试": 3}, total=3)
    path.write_bytes(path.read_bytes()[:-1])
    tk = jieba.Tokenizer()
    assert not map_dictionary(tmp_path, tk)
    assert not tk.initialized
