"""Issue 21: dense retrieval only on the question and only when needed, the encoders run at
once, query vectors cached, an exact in-memory lookup equal to Chroma's, and a retriever that
answers while its models and index load."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from assistant.retrieval.embeddings import HashEmbedder
from assistant.retrieval.hybrid import DENSE_MAX_CHARS, Retriever, asking_part, clean_query
from assistant.settings import load_settings

QUESTION = "招一个博士进来能有多少经费"


def local(tmp_path):
    return replace(load_settings(tmp_path), chroma_host=None, chroma_port=None)


class Spy(HashEmbedder):
    """The hash embedder under another name, recording the queries it encodes; ``barrier``
    makes each query wait for the other encoder's (so only concurrent calls pass)."""

    def __init__(self, name: str, barrier: threading.Barrier | None = None) -> None:
        self.name = name
        self.queries: list[str] = []
        self.barrier = barrier

    def embed_queries(self, texts):
        self.queries.extend(texts)
        if self.barrier is not None:
            self.barrier.wait(timeout=10)  # BrokenBarrierError when the other never comes
        return super().embed_queries(texts)


# ------------------------------------------------------------------ what the encoders read
def test_a_short_question_is_encoded_as_it_is():
    q = clean_query("中试基地服务收入300万，能拿多少？")
    assert asking_part(q) == q


def test_the_greeting_and_the_background_are_left_out():
    message = clean_query(
        "您好！打扰您几分钟。我们是去年入驻晋创谷·晋中的一家新材料企业，团队四十来人。"
        "前年我们牵头承担了一个省科技重大专项，上个月刚通过验收，省拨经费是三千四百万。"
        "想跟您确认下是不是能拿170万？财务那边等着做预算，谢谢！"
    )
    assert asking_part(message) == "想跟您确认下是不是能拿170万?"  # NFKC: ？ → ?


def test_a_message_without_a_question_keeps_all_but_the_greeting():
    assert asking_part(clean_query("您好！我们是中试基地。")) == "我们是中试基地。"


def test_the_part_encoded_is_capped():
    long = clean_query("请问" + "中试基地服务收入" * 20 + "能拿多少？")
    assert len(asking_part(long)) == DENSE_MAX_CHARS


def test_the_encoders_read_the_asking_part_and_bm25_the_whole(tmp_path):
    spy = Spy("spy-a")
    r = Retriever(local(tmp_path), embedders=[spy])
    message = "老师您好！我们公司去年入驻了晋创谷。招一个博士进来能有多少经费？"
    channels = r.channel_scores(message)
    assert spy.queries == ["招一个博士进来能有多少经费?"]
    assert channels["keywords"] == r.keywords.scores(clean_query(message))
    r.close()


# ------------------------------------------------------------------ only when needed, at once, once
def test_dense_false_leaves_the_encoders_out(tmp_path):
    spy = Spy("spy-a")
    r = Retriever(local(tmp_path), embedders=[spy])
    spy.queries.clear()
    hits = r.search(QUESTION, dense=False).hits
    assert spy.queries == [] and hits[0].clause == "（七）"
    assert set(r.channel_scores(QUESTION, dense=False)) == {"keywords", "bm25"}
    r.close()


def test_the_two_encoders_run_at_once(tmp_path):
    a, b = Spy("spy-a"), Spy("spy-b")
    r = Retriever(local(tmp_path), embedders=[a, b])  # builds the index without the barrier
    a.barrier = b.barrier = threading.Barrier(2)  # each query now waits for the other's
    assert set(r.dense_scores("博士引进")) == {"spy-a", "spy-b"}
    r.close()


def test_query_vectors_are_cached_by_the_normalised_text(tmp_path):
    spy = Spy("spy-a")
    r = Retriever(local(tmp_path), embedders=[spy])
    first = r.search("博士引进有补贴吗")
    again = r.search("  博士引进有补貼吗 ")  # traditional 貼, spaces: the same normalised text
    assert spy.queries == ["博士引进有补贴吗"]
    assert first == again
    r.close()


def test_the_in_memory_lookup_equals_chromas(tmp_path):
    emb = HashEmbedder()
    r = Retriever(local(tmp_path), embedders=[emb])
    index = r.index
    assert index.vectors, "the vectors were not read into memory"
    for text in ["博士引进", "中试基地服务收入", "孵化器认定", "有效期到哪天"]:
        vec = emb.embed_queries([text])[0]
        exact = index.query(emb.name, vec)
        chroma = index._query(emb.name, vec, None)
        assert [d.id for d, _ in exact][:5] == [d.id for d, _ in chroma][:5]
        assert np.allclose([s for _, s in exact], [s for _, s in chroma], atol=1e-5)
    r.close()


# ------------------------------------------------------------------ answering while loading
class Gate(HashEmbedder):
    """Builds its index documents only once ``opened`` is set: a slow model load."""

    def __init__(self) -> None:
        self.opened = threading.Event()

    def embed_passages(self, texts):
        assert self.opened.wait(timeout=60)
        return super().embed_passages(texts)


def test_a_background_retriever_answers_before_its_index_is_built(tmp_path):
    gate = Gate()
    r = Retriever(local(tmp_path), embedders=[gate], background=True)
    started = time.perf_counter()
    early = r.search(QUESTION)
    assert time.perf_counter() - started < 30
    assert early.hits[0].clause == "（七）"
    assert not r.ready and r.status()["mode"] == "loading" and not r.status()["available"]
    assert set(r.channel_scores(QUESTION)) == {"keywords", "bm25"}
    gate.opened.set()
    assert r.wait_ready(timeout=120)
    assert set(r.channel_scores(QUESTION)) == {"keywords", "bm25", gate.name}
    assert r.status()["available"] and r.index.built
    r.close()


def test_the_models_load_once_the_first_answer_is_out(tmp_path, monkeypatch):
    """The load takes the GIL for seconds: it waits for the engine's first answer (all of it,
    not only its search), and no longer than that."""
    from assistant.dialogue.state import Conversation
    from assistant.engine import Assistant
    from assistant.retrieval import hybrid

    monkeypatch.setattr(hybrid, "FIRST_ANSWER_GRACE_S", 600)
    loading = threading.Event()

    def models(spec, cache_dir=None):
        loading.set()
        return [HashEmbedder()]

    monkeypatch.setattr(hybrid, "make_embedders", models)
    r = Retriever(local(tmp_path), background=True)
    assert r.search(QUESTION).hits[0].clause == "（七）"
    assert not loading.wait(0.5), "the models began loading before the first answer was out"
    Assistant(r).reply(Conversation(), QUESTION)
    assert loading.wait(60) and r.wait_ready(timeout=120)
    r.close()


def test_a_background_load_that_fails_leaves_bm25_and_keywords(tmp_path, monkeypatch):
    from assistant.retrieval import hybrid

    def broken(spec, cache_dir=None):
        raise RuntimeError("no model here")

    monkeypatch.setattr(hybrid, "make_embedders", broken)
    r = Retriever(local(tmp_path), background=True)
    assert r.wait_ready(timeout=120)
    assert r.search(QUESTION).hits[0].clause == "（七）"
    assert "no model here" in r.status()["last_error"]


def test_a_synchronous_load_still_raises(tmp_path, monkeypatch):
    from assistant.retrieval import hybrid

    monkeypatch.setattr(hybrid, "make_embedders", lambda spec, cache_dir=None: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        Retriever(local(tmp_path))


# ------------------------------------------------------------------ the engine's skip changes nothing
def test_answers_on_a_settled_rule_are_those_with_the_dense_channels(engine):
    """Where understanding settles the rule the engine leaves the encoders out: every reply
    (answer, awards, question, citations) is the one the dense channels would have given,
    over the tuned questions and the tuning part of the understanding set."""
    from pathlib import Path

    import yaml

    from assistant.dialogue.state import Conversation
    from assistant.engine import Assistant
    from benchmarks.understanding import TODAY

    root = Path(__file__).resolve().parents[1] / "benchmarks"
    questions = yaml.safe_load((root / "questions.yaml").read_text(encoding="utf-8"))
    tuning = yaml.safe_load((root / "understanding.yaml").read_text(encoding="utf-8"))
    texts = [q["q"] for q in questions if q.get("set") in (None, "amounts")]
    texts += [i["q"] for i in tuning if i.get("set") == "tuning" and "q" in i]

    class Counting:
        def __init__(self, inner, always_dense: bool) -> None:
            self.inner, self.always, self.skipped = inner, always_dense, 0

        def search(self, query, k=5, dense=True):
            self.skipped += not dense
            return self.inner.search(query, k=k, dense=dense or self.always)

    shipped, full = Counting(engine.retriever, False), Counting(engine.retriever, True)
    fast, slow = Assistant(shipped), Assistant(full)
    for text in texts:
        before = shipped.skipped
        a = fast.reply(Conversation(), text, today=TODAY)
        if shipped.skipped == before:
            continue  # the dense channels were used: the same search as before
        b = slow.reply(Conversation(), text, today=TODAY)
        assert (a.answer, a.awards, a.follow_up, a.citations, a.intent) == (
            b.answer,
            b.awards,
            b.follow_up,
            b.citations,
            b.intent,
        ), text
    assert shipped.skipped > len(texts) // 4  # the skip is exercised, not vacuous
