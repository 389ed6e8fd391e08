"""Corpus paths are resolved once per process, and again when JCG_CORPUS_DIR changes."""

from __future__ import annotations

from corpus import location


def test_the_same_path_object_until_the_variable_changes(monkeypatch, tmp_path):
    monkeypatch.delenv(location.ENV_VAR, raising=False)
    first = location.corpus_file("facts.yaml")
    assert first == location.PACKAGE_DIR / "facts.yaml"
    assert location.corpus_file("facts.yaml") is first  # no new Path per call
    assert location.corpus_dir() == location.PACKAGE_DIR

    monkeypatch.setenv(location.ENV_VAR, str(tmp_path))
    assert location.corpus_file("facts.yaml") == tmp_path / "facts.yaml"
    assert location.corpus_dir() == tmp_path

    monkeypatch.setenv(location.ENV_VAR, "")  # empty counts as unset
    assert location.corpus_file("facts.yaml") is first


def test_the_fact_vocabulary_follows_the_corpus_directory(monkeypatch):
    from calculators import facts

    monkeypatch.delenv(location.ENV_VAR, raising=False)
    vocab = facts.vocabulary()
    assert facts.vocabulary() is vocab
    some = next(iter(vocab.value_names))
    assert facts.value_name(some) == vocab.value_names[some]
    assert facts.value_name("没有这个选项") == "没有这个选项"
