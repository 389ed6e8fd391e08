"""The clause documents and their Chroma index.

One collection per embedder. Each collection carries a fingerprint of the corpus text, the
synonym data, the document layout and the embedding model in its metadata; a mismatch, a
half-written collection or an unreadable directory leads to a rebuild, never to a failure.
Collections are written and queried through chromadb itself (as langchain-chroma did, without
its ~25 MB of imports): each document's text, metadata and id, its vector from our embedder.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from assistant.retrieval.embeddings import Embedder
from assistant.settings import Settings
from corpus import yamlfile
from corpus.clauses import POLICY_PATH, Clause, Policy, load_policy

log = logging.getLogger(__name__)
T = TypeVar("T")

SYNONYMS_PATH = POLICY_PATH.with_name("synonyms.yaml")
# Bump when the way documents are cut or composed changes: the fingerprint then differs.
LAYOUT_VERSION = "docs-v1"
COLLECTION_PREFIX = "jcg"


@dataclass
class Document:
    """One indexed text with its metadata and id (the fields of LangChain's ``Document``,
    without importing langchain-core, ~0.2 s and ~14 MB, into every process that answers)."""

    page_content: str
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class ClauseTerms:
    """What corpus/synonyms.yaml says about one clause."""

    label: str
    about: str
    words: tuple[str, ...]
    split_at: tuple[str, ...] = ()


def parse_synonyms(text: str) -> dict[str, ClauseTerms]:
    data = yamlfile.load(text) or {}
    out: dict[str, ClauseTerms] = {}
    for label, entry in data.items():
        entry = entry or {}
        words = tuple(
            dict.fromkeys(str(w).strip() for w in entry.get("words", []) if str(w).strip())
        )
        out[str(label)] = ClauseTerms(
            label=str(label),
            about=str(entry.get("about", "")).strip(),
            words=words,
            split_at=tuple(str(s) for s in entry.get("split_at", []) or []),
        )
    return out


@cache
def load_synonyms(path: Path = SYNONYMS_PATH) -> dict[str, ClauseTerms]:
    return parse_synonyms(path.read_text(encoding="utf-8"))


_UNITS_NOTE = re.compile(r"（责任单位：[^）]*）")


def _plain_body(clause: Clause) -> str:
    """The clause body without its 责任单位 note, which is shared boilerplate."""
    return _UNITS_NOTE.sub("", clause.body).strip()


def _parts(clause: Clause, split_at: Sequence[str]) -> list[str]:
    """Sub-rules: the paragraphs, further cut where a sentence starts with a `split_at` marker."""
    parts: list[str] = []
    for para in _plain_body(clause).split("\n"):
        para = para.strip()
        if not para:
            continue
        current = ""
        for sentence in re.split(r"(?<=。)", para):
            if current and any(sentence.startswith(m) for m in split_at):
                parts.append(current)
                current = ""
            current += sentence
        if current.strip():
            parts.append(current)
    return parts


def clause_metadata(clause: Clause) -> dict[str, str | int]:
    return {
        "clause": clause.label,
        "number": clause.number,
        "section": clause.section,
        "title": clause.title,
        "units": "、".join(clause.units),
    }


def build_documents(
    policy: Policy | None = None,
    synonyms: dict[str, ClauseTerms] | None = None,
    *,
    with_synonyms: bool = True,
) -> list[Document]:
    """Per clause: the whole clause, each sub-rule (when there is more than one) and, with
    synonyms, a document of the plain words people use for it. Scores are taken per clause
    as the best of its documents."""
    policy = policy or load_policy()
    synonyms = (synonyms if synonyms is not None else load_synonyms()) if with_synonyms else {}
    docs: list[Document] = []
    for clause in policy.clauses:
        terms = synonyms.get(clause.label)
        base = clause_metadata(clause)
        heading = clause.title
        texts: list[tuple[str, str]] = [("clause", f"{heading}：{_plain_body(clause)}")]
        parts = _parts(clause, terms.split_at if terms else ())
        if len(parts) > 1:
            texts += [("part", f"{heading}：{p}") for p in parts]
        if terms:
            texts.append(("words", f"{heading}：{terms.about}。常见说法：{'、'.join(terms.words)}"))
        for i, (kind, text) in enumerate(texts):
            docs.append(
                Document(
                    id=f"{clause.number:02d}-{i}",
                    page_content=text,
                    metadata={**base, "kind": kind},
                )
            )
    return docs


def fingerprint(documents: Sequence[Document], embedder_name: str) -> str:
    h = hashlib.sha256()
    for part in (LAYOUT_VERSION, embedder_name, POLICY_PATH.read_text(encoding="utf-8")):
        h.update(part.encode("utf-8") + b"\0")
    for d in documents:  # the documents already carry the synonym data
        h.update(f"{d.id}\0{d.page_content}\0".encode())
    return h.hexdigest()[:32]


def collection_name(embedder_name: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", embedder_name).strip("-._")[:50] or "model"
    return f"{COLLECTION_PREFIX}-{slug}"


def _client_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=True)


def open_client(settings: Settings):
    import chromadb

    if settings.remote:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=_client_settings()
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_client_settings())


def _forget_system(path: Path) -> None:
    """chromadb caches one System per directory for the process; a client that failed while
    opening a damaged directory can leave a half-started one there, which would be handed
    back on the retry. Drop that entry (and only that one)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier = str(path)
    with contextlib.suppress(Exception):
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        system = SharedSystemClient._identifier_to_system.pop(identifier, None)
        if system is not None:
            system.stop()


class IndexUnavailable(RuntimeError):
    """The vector index cannot answer now (damaged, unreachable, or a panic in its Rust core)."""


def shielded(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call into chromadb; a ``BaseException`` from its Rust layer (pyo3's ``PanicException``)
    becomes :class:`IndexUnavailable`, so ``except Exception`` above can handle it.

    ``KeyboardInterrupt`` and ``SystemExit`` pass through untouched.
    """
    try:
        return fn(*args, **kwargs)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except Exception:
        raise
    except BaseException as exc:  # pyo3_runtime.PanicException derives from BaseException
        raise IndexUnavailable(f"{type(exc).__name__}: {exc}") from exc


def quick_check(db: Path) -> str | None:
    """``PRAGMA quick_check`` on the SQLite file, read-only; None when it is sound."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"sqlite: {exc}"
    result = [r[0] for r in rows]
    return None if result == ["ok"] else f"quick_check: {'; '.join(map(str, result[:3]))}"


MEMORY_NOTICE = (
    "索引目录 {path} 无法写入（{reason}）。本次在内存中建立索引，回答不受影响，但每次启动都要"
    "重新建立。请检查数据目录的权限和磁盘空间。"
)


class ChromaIndex:
    """The clause documents embedded once per embedder, one collection each.

    Local mode heals itself: the index is opened under a file lock (``<data>/chroma.lock``),
    checked (``PRAGMA quick_check`` and a known-answer lookup per collection) and, if it fails,
    rebuilt in a temporary directory beside it and swapped in. A second process waits for the
    lock and reuses the result. A data directory that cannot be written (read-only, full) gives
    an in-memory index, one warning, and :attr:`notice` for the operator.

    Server mode (``CHROMA_HOST``) reconnects on demand: see :meth:`query`.
    """

    LOCK_TIMEOUT_S = 300.0
    RECONNECT_EVERY_S = 5.0

    def __init__(
        self, settings: Settings, embedders: Sequence[Embedder], documents: Sequence[Document]
    ) -> None:
        self.settings = settings
        self.embedders = list(embedders)
        self.documents = list(documents)
        self.built: list[str] = []  # names of collections (re)built by this instance
        self.client: Any = None
        self.stores: dict[str, Any] = {}
        self.mode = "server" if settings.remote else "persistent"  # or "memory"
        self.notice: str | None = None  # for the operator, never the visitor
        self.available = False
        self.last_error: str | None = None
        # Local modes: each collection's vectors, read once after the checks (see query).
        self.vectors: dict[str, tuple[np.ndarray, list[Document]]] = {}
        self._last_attempt = 0.0
        self._lock = threading.Lock()
        if settings.remote:
            self._connect()  # an unreachable server is recorded, not raised
        else:
            self._open_local()

    # ------------------------------------------------------------------ local: open or build
    @property
    def lock_path(self) -> Path:
        return self.settings.data_dir / "chroma.lock"

    def _open_local(self) -> None:
        from filelock import FileLock

        data_dir = self.settings.data_dir
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.lock_path), timeout=self.LOCK_TIMEOUT_S):
                self._open_or_rebuild()
        except (Exception, IndexUnavailable) as exc:
            # Read-only, full, or not ours (chromadb reports a full disk as its own error):
            # an existing sound index may still be readable; otherwise build one in memory.
            reason = f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, IndexUnavailable) and self._try_existing() is None:
                log.warning("Chroma index at %s opened without its lock (%s)", data_dir, reason)
            else:
                self._in_memory(reason)
        self.available = True
        self._load_vectors()

    def _load_vectors(self) -> None:
        """Read every collection's vectors once, so a local query is one matrix product.

        Chroma's HNSW lookup costs milliseconds per query (more on a busy machine) for a few
        dozen documents that numpy ranks exactly in microseconds; the collections stay the
        store, checked and healed as before. On any failure queries go to Chroma."""
        by_id = {d.id: d for d in self.documents}
        loaded: dict[str, tuple[np.ndarray, list[Document]]] = {}
        try:
            for emb in self.embedders:
                coll = shielded(self.client.get_collection, collection_name(emb.name))
                got = shielded(coll.get, include=["embeddings"])
                matrix = np.asarray(got["embeddings"], dtype=np.float32)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True)
                matrix /= np.where(norms == 0, 1.0, norms)  # Chroma's cosine space does the same
                loaded[emb.name] = (matrix, [by_id[i] for i in got["ids"]])
        except (Exception, IndexUnavailable) as exc:
            log.warning("index vectors not read (%s): querying Chroma", exc)
            loaded = {}
        self.vectors = loaded

    def _open_or_rebuild(self) -> None:
        problem = self._try_existing()
        if problem is None:
            return
        if problem != "missing":
            log.warning(
                "Chroma index at %s unusable (%s); rebuilding", self.settings.chroma_dir, problem
            )
        self._build_fresh()
        problem = self._try_existing()
        if problem is not None:
            raise IndexUnavailable(f"fresh index fails its check: {problem}")

    def _try_existing(self) -> str | None:
        """Open the index in place if it passes the checks; the reason when it does not."""
        path = self.settings.chroma_dir
        if not path.exists():
            return "missing"
        if not path.is_dir():
            return "not a directory"
        db = path / "chroma.sqlite3"
        if not db.is_file():
            return "no chroma.sqlite3"
        if problem := quick_check(db):
            return problem
        try:
            self.client = shielded(open_client, self.settings)
            self.stores = {emb.name: shielded(self._ensure, emb) for emb in self.embedders}
            self._known_answer()
        except (Exception, IndexUnavailable) as exc:
            self._close()
            _forget_system(path)
            return f"{type(exc).__name__}: {exc}"
        return None

    def _known_answer(self) -> None:
        """Each collection finds a stored document from that document's own vector."""
        probe = self.documents[0].id
        for emb in self.embedders:
            coll = shielded(self.client.get_collection, collection_name(emb.name))
            got = shielded(coll.get, ids=[probe], include=["embeddings"])
            vectors = got.get("embeddings")
            if vectors is None or len(vectors) != 1:
                raise IndexUnavailable(f"{coll.name}: probe document missing")
            found = shielded(coll.query, query_embeddings=[list(vectors[0])], n_results=1)
            ids, distances = found["ids"][0], found["distances"][0]
            if not ids or (ids[0] != probe and distances[0] > 1e-4):
                raise IndexUnavailable(f"{coll.name}: known-answer lookup failed")

    def _build_fresh(self) -> None:
        """Build every collection in a temporary directory beside the index, then swap it in.

        Called with the lock held, so leftovers of a crashed build can be cleared first.
        """
        import chromadb

        data_dir, target = self.settings.data_dir, self.settings.chroma_dir
        for stale in [*data_dir.glob("chroma.tmp-*"), *data_dir.glob("chroma.old-*")]:
            _remove(stale)
        self._close()
        _forget_system(target)
        tmp = Path(tempfile.mkdtemp(prefix="chroma.tmp-", dir=data_dir))
        client = None
        try:
            client = shielded(chromadb.PersistentClient, path=str(tmp), settings=_client_settings())
            built = [self._create(client, emb) for emb in self.embedders]
            shielded(client.close)
            client = None
            _forget_system(tmp)
            old = data_dir / f"chroma.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            if target.exists() or target.is_symlink():
                os.replace(target, old)
            os.replace(tmp, target)
            _remove(old)
            self.built = built
        except BaseException:
            if client is not None:
                with contextlib.suppress(Exception):
                    client.close()
            _forget_system(tmp)
            _remove(tmp)
            raise

    def _in_memory(self, reason: str) -> None:
        import chromadb

        self._close()
        self.mode = "memory"
        self.notice = MEMORY_NOTICE.format(path=self.settings.chroma_dir, reason=reason)
        log.warning(
            "Chroma index at %s cannot be written (%s): using an in-memory index for this process",
            self.settings.chroma_dir,
            reason,
        )
        self.client = shielded(chromadb.EphemeralClient, settings=_client_settings())
        self.stores = {emb.name: shielded(self._ensure, emb) for emb in self.embedders}

    # ------------------------------------------------------------------ server: (re)connect
    def _connect(self) -> bool:
        self._last_attempt = time.monotonic()
        try:
            self._close()
            self.client = shielded(open_client, self.settings)
            # A server restarted on an empty path gets its collections back here.
            self.stores = {emb.name: shielded(self._ensure, emb) for emb in self.embedders}
        except (Exception, IndexUnavailable) as exc:
            self._mark_down(exc)
            return False
        if not self.available and self.last_error:
            log.warning("Chroma server %s reachable again", self._where())
        self.available, self.last_error = True, None
        return True

    def _mark_down(self, exc: BaseException) -> None:
        error = f"{type(exc).__name__}: {exc}"
        if self.available or self.last_error is None:
            log.warning(
                "Chroma %s unavailable (%s): answering with BM25 and keywords only",
                self._where(),
                error.splitlines()[0][:300],
            )
        self.available, self.last_error = False, error

    def _where(self) -> str:
        if self.settings.remote:
            return f"server {self.settings.chroma_host}:{self.settings.chroma_port}"
        return f"index at {self.settings.chroma_dir}"

    # ------------------------------------------------------------------ shared
    def close(self) -> None:
        self._close()

    def _close(self) -> None:
        client = getattr(self, "client", None)
        close = getattr(client, "close", None)
        if close is not None:
            try:
                shielded(close)
            except (Exception, IndexUnavailable):  # closing a broken client is best effort
                log.debug("closing Chroma client failed", exc_info=True)
        self.client = None
        self.stores = {}
        self.vectors = {}

    def _ensure(self, emb: Embedder):
        """The embedder's collection, (re)built when missing, stale or incomplete."""
        name = collection_name(emb.name)
        fp = fingerprint(self.documents, emb.name)
        existing = {
            c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()
        }
        if name in existing:
            coll = self.client.get_collection(name)
            meta = coll.metadata or {}
            if meta.get("fingerprint") == fp and coll.count() == len(self.documents):
                return coll
            log.info("index %s is stale or incomplete; rebuilding", name)
            self.client.delete_collection(name)
        self._create(self.client, emb)
        self.built.append(name)
        return self.client.get_collection(name)

    def _create(self, client: Any, emb: Embedder) -> str:
        name = collection_name(emb.name)
        coll = client.get_or_create_collection(
            name=name,
            embedding_function=None,
            metadata={
                "fingerprint": fingerprint(self.documents, emb.name),
                "embedder": emb.name,
                "dim": emb.dim,
            },
            configuration={"hnsw": {"space": "cosine"}},
        )
        texts = [d.page_content for d in self.documents]
        coll.upsert(
            ids=[d.id for d in self.documents],
            documents=texts,
            metadatas=[d.metadata for d in self.documents],
            embeddings=emb.embed_passages(texts),
        )
        return name

    def query(self, embedder_name: str, vector: Sequence[float], k: int | None = None):
        """(document, cosine similarity) pairs, best first.

        Raises :class:`IndexUnavailable` when the index cannot answer: the caller goes on
        without the dense channel. A server that went away is reconnected (at most every
        ``RECONNECT_EVERY_S``), collections re-added if it came back empty.
        """
        exact = self.vectors.get(embedder_name)
        if exact is not None:
            return _exact(exact, vector, k)
        with self._lock:
            if not self.available and not self._reconnect():
                raise IndexUnavailable(self.last_error or "index unavailable")
            try:
                return self._query(embedder_name, vector, k)
            except (Exception, IndexUnavailable) as exc:
                self._mark_down(exc)
                if not self._reconnect(force=True):
                    raise IndexUnavailable(self.last_error or str(exc)) from exc
            try:
                return self._query(embedder_name, vector, k)
            except (Exception, IndexUnavailable) as exc:
                self._mark_down(exc)
                raise IndexUnavailable(self.last_error or str(exc)) from exc

    def _reconnect(self, force: bool = False) -> bool:
        if not force and time.monotonic() - self._last_attempt < self.RECONNECT_EVERY_S:
            return False
        if self.settings.remote:
            return self._connect()
        self._last_attempt = time.monotonic()
        self._close()
        _forget_system(self.settings.chroma_dir)
        self._open_local()  # checks, and rebuilds under the lock if damaged
        return self.available

    def _query(self, embedder_name: str, vector: Sequence[float], k: int | None):
        coll = self.stores[embedder_name]
        k = min(k or len(self.documents), len(self.documents))
        found = shielded(
            coll.query,
            query_embeddings=[[float(x) for x in vector]],
            n_results=k,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(
            found["documents"][0],
            found["metadatas"][0],
            found["ids"][0],
            found["distances"][0],
            strict=False,
        )
        return [
            (Document(page_content=text, metadata=meta or {}, id=i), 1.0 - float(distance))
            for text, meta, i, distance in rows
            if text is not None
        ]

    def status(self) -> dict[str, Any]:
        """For logs and the operations page: where the index lives and whether it answers."""
        return {
            "mode": self.mode,
            "available": self.available,
            "last_error": self.last_error,
            "notice": self.notice,
        }


def _exact(
    loaded: tuple[np.ndarray, list[Document]], vector: Sequence[float], k: int | None
) -> list[tuple[Document, float]]:
    """(document, cosine similarity) pairs, best first, as Chroma's cosine space gives them."""
    matrix, docs = loaded
    q = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(q))
    sims = matrix @ (q / norm if norm else q)
    order = np.argsort(-sims, kind="stable")[: min(k or len(docs), len(docs))]
    return [(docs[i], float(sims[i])) for i in order]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
