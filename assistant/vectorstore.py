"""The clause documents and their Chroma index (through langchain-chroma).

One collection per embedder. Each collection carries a fingerprint of the corpus text, the
synonym data, the document layout and the embedding model in its metadata; a mismatch, a
half-written collection or an unreadable directory leads to a rebuild, never to a failure.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from langchain_core.documents import Document

from assistant.embeddings import Embedder, LangchainEmbeddings
from assistant.settings import Settings
from corpus.clauses import POLICY_PATH, Clause, Policy, load_policy

log = logging.getLogger(__name__)

SYNONYMS_PATH = POLICY_PATH.with_name("synonyms.yaml")
# Bump when the way documents are cut or composed changes: the fingerprint then differs.
LAYOUT_VERSION = "docs-v1"
COLLECTION_PREFIX = "jcg"


@dataclass(frozen=True)
class ClauseTerms:
    """What corpus/synonyms.yaml says about one clause."""

    label: str
    about: str
    words: tuple[str, ...]
    split_at: tuple[str, ...] = ()


def parse_synonyms(text: str) -> dict[str, ClauseTerms]:
    data = yaml.safe_load(text) or {}
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


class ChromaIndex:
    """The clause documents embedded once per embedder, one collection each."""

    def __init__(
        self, settings: Settings, embedders: Sequence[Embedder], documents: Sequence[Document]
    ) -> None:
        self.settings = settings
        self.embedders = list(embedders)
        self.documents = list(documents)
        self.built: list[str] = []  # names of collections (re)built by this instance
        self._lock = threading.Lock()
        try:
            self._open()
        except Exception as exc:
            if settings.remote:
                raise
            # A corrupt or half-written directory: start again from the text.
            log.warning("Chroma index at %s unusable (%s); rebuilding", settings.chroma_dir, exc)
            self._close()
            _forget_system(settings.chroma_dir)
            if settings.chroma_dir.is_dir():
                shutil.rmtree(settings.chroma_dir, ignore_errors=True)
            else:
                settings.chroma_dir.unlink(missing_ok=True)
            self._open()

    def _open(self) -> None:
        from langchain_chroma import Chroma

        self.client = open_client(self.settings)
        self.stores: dict[str, Chroma] = {}
        for emb in self.embedders:
            self.stores[emb.name] = self._ensure(emb)

    def close(self) -> None:
        self._close()

    def _close(self) -> None:
        client = getattr(self, "client", None)
        close = getattr(client, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # closing a broken client is best effort
                log.debug("closing Chroma client failed", exc_info=True)
        self.client = None

    def _ensure(self, emb: Embedder):
        from langchain_chroma import Chroma

        name = collection_name(emb.name)
        fp = fingerprint(self.documents, emb.name)
        existing = {
            c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()
        }
        if name in existing:
            coll = self.client.get_collection(name)
            meta = coll.metadata or {}
            if meta.get("fingerprint") == fp and coll.count() == len(self.documents):
                return Chroma(
                    client=self.client,
                    collection_name=name,
                    embedding_function=LangchainEmbeddings(emb),
                    create_collection_if_not_exists=False,
                )
            log.info("index %s is stale or incomplete; rebuilding", name)
            self.client.delete_collection(name)
        store = Chroma(
            client=self.client,
            collection_name=name,
            embedding_function=LangchainEmbeddings(emb),
            collection_metadata={"fingerprint": fp, "embedder": emb.name, "dim": emb.dim},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        store.add_documents(self.documents, ids=[d.id for d in self.documents])
        self.built.append(name)
        return store

    def query(self, embedder_name: str, vector: Sequence[float], k: int | None = None):
        """(document, cosine similarity) pairs, best first."""
        store = self.stores[embedder_name]
        k = min(k or len(self.documents), len(self.documents))
        pairs = store.similarity_search_by_vector_with_relevance_scores(
            [float(x) for x in vector], k=k
        )
        return [(doc, 1.0 - float(distance)) for doc, distance in pairs]


def wipe(settings: Settings) -> None:
    """Remove the local index directory (next use rebuilds it)."""
    shutil.rmtree(settings.chroma_dir, ignore_errors=True)
