"""Hybrid clause retrieval: dense (Chroma, one collection per embedder) + BM25 over jieba
tokens + a keyword channel from corpus/synonyms.yaml, fused by reciprocal rank.

    python -m assistant.retrieval "试生产的平台有补贴吗"
"""

from __future__ import annotations

import html
import logging
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from assistant.nlu import tokenize
from assistant.retrieval.embeddings import Embedder, make_embedders
from assistant.retrieval.vectorstore import (
    ChromaIndex,
    ClauseTerms,
    IndexUnavailable,
    build_documents,
    load_synonyms,
)
from assistant.settings import Settings, load_settings
from corpus.clauses import Policy, load_policy

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 256  # enquiries are short; longer input is truncated before any model sees it
RRF_K = 5  # few candidates (15 clauses): a small constant keeps rank differences meaningful
# Channel weights in the fusion. The keyword channel carries the domain knowledge (plain
# words and entity types per measure), so it leads; the dense and BM25 channels break ties
# and cover wording the synonym data does not know.
WEIGHTS: dict[str, float] = {"keywords": 1.0, "bm25": 1.0, "e5-small-q4": 1.0, "use-m3": 1.0}
DEFAULT_DENSE_WEIGHT = 1.0
# `relevant` thresholds: a keyword hit this strong, a BM25 score this high, or a dense cosine
# this close (per embedder) means the question is about the policy.
MIN_KEYWORD_SCORE = 2.0
MIN_BM25_SCORE = 6.0
MIN_DENSE_COSINE = {"e5-small-q4": 0.92, "use-m3": 0.5}  # e5 gives ~0.85 to anything


@dataclass(frozen=True)
class Hit:
    clause: str
    score: float
    title: str


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]  # best first
    relevant: bool


_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def clean_query(query: str) -> str:
    """NFKC, simplified characters with known typos of the policy's terms fixed
    (`tokenize.normalize`), no HTML tags or entities, collapsed spaces, at most
    MAX_QUERY_CHARS."""
    text = (query or "")[: MAX_QUERY_CHARS * 4]
    text = html.unescape(_TAG.sub(" ", text))
    text = tokenize.normalize(unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return _SPACE.sub(" ", text).strip()[:MAX_QUERY_CHARS]


class KeywordChannel:
    """Scores clauses by the plain words of corpus/synonyms.yaml found in the query.

    A word counts once per occurrence span (a longer match hides the shorter words inside
    it), weighted by its length and by how few clauses list it."""

    def __init__(self, synonyms: Mapping[str, ClauseTerms]) -> None:
        owners: dict[str, set[str]] = {}
        for label, terms in synonyms.items():
            for w in terms.words:
                owners.setdefault(self.norm(w), set()).add(label)
        n = max(1, len(synonyms))
        self.words = sorted(owners, key=len, reverse=True)
        self.owners = owners
        self.weight = {
            w: min(len(w), 4) * math.log(1 + n / len(labels)) for w, labels in owners.items()
        }

    @staticmethod
    def norm(text: str) -> str:
        return unicodedata.normalize("NFKC", text).lower()

    def matches(self, query: str) -> list[str]:
        q = self.norm(query)
        covered = [False] * len(q)
        found: list[str] = []
        for w in self.words:
            start = q.find(w)
            while start != -1:
                span = range(start, start + len(w))
                if not all(covered[i] for i in span):
                    found.append(w)
                    for i in span:
                        covered[i] = True
                start = q.find(w, start + 1)
        return found

    def scores(self, query: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for w in self.matches(query):
            for label in self.owners[w]:
                out[label] = out.get(label, 0.0) + self.weight[w]
        return out


def rrf(
    rankings: Mapping[str, Sequence[str]], weights: Mapping[str, float], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion, scores normalised so 1.0 = first in every channel."""
    total: dict[str, float] = {}
    for channel, ranked in rankings.items():
        w = weights.get(channel, DEFAULT_DENSE_WEIGHT)
        for rank, label in enumerate(ranked, start=1):
            total[label] = total.get(label, 0.0) + w / (k + rank)
    best = sum(weights.get(c, DEFAULT_DENSE_WEIGHT) for c in rankings) / (k + 1) or 1.0
    return sorted(((lab, s / best) for lab, s in total.items()), key=lambda x: -x[1])


def _ranked(scores: Mapping[str, float]) -> list[str]:
    return [lab for lab, s in sorted(scores.items(), key=lambda x: -x[1]) if s > 0]


class Retriever:
    """Built once (loads models, opens or builds the index); `search` is safe across threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        embedders: Sequence[Embedder] | None = None,
        policy: Policy | None = None,
        synonyms: Mapping[str, ClauseTerms] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.policy = policy or load_policy()
        self.synonyms = dict(synonyms if synonyms is not None else load_synonyms())
        self.embedders = (
            list(embedders) if embedders is not None else make_embedders(self.settings.embedder)
        )
        self.documents = build_documents(self.policy, self.synonyms)
        self.titles = {c.label: c.title for c in self.policy.clauses}
        self.labels = [c.label for c in self.policy.clauses]

        tokenize.add_words(w for t in self.synonyms.values() for w in t.words)
        self.keywords = KeywordChannel(self.synonyms)
        clause_texts = {lab: [] for lab in self.labels}
        for d in self.documents:
            if d.metadata["kind"] != "part":  # parts repeat the clause text
                clause_texts[d.metadata["clause"]].append(d.page_content)
        self._bm25_labels = list(clause_texts)
        self.bm25 = BM25Okapi([tokenize.tokens(" ".join(t)) for t in clause_texts.values()])
        self.index = ChromaIndex(self.settings, self.embedders, self.documents)
        self.degraded_queries = 0  # dense lookups skipped because the index could not answer
        self._lock = threading.Lock()  # rank_bm25 is read-only after construction; kept for safety

    def close(self) -> None:
        """Release the Chroma client (the next Retriever on the same directory reopens it)."""
        self.index.close()

    @property
    def notice(self) -> str | None:
        """A message for the operator (never the visitor), e.g. an in-memory index."""
        return self.index.notice

    def status(self) -> dict[str, object]:
        """Retrieval health for logs and the operations data."""
        return {**self.index.status(), "degraded_queries": self.degraded_queries}

    # -- channels -------------------------------------------------------------------------
    def bm25_scores(self, query: str) -> dict[str, float]:
        toks = tokenize.tokens(query)
        if not toks:
            return {}
        raw = self.bm25.get_scores(toks)
        return {lab: float(s) for lab, s in zip(self._bm25_labels, raw, strict=True)}

    def dense_scores(self, query: str) -> dict[str, dict[str, float]]:
        """Per embedder: the best cosine of each clause's documents.

        With the index unavailable (server down, damage being healed) the dense channels
        are left out and BM25 + keywords answer alone; the index logs and records it
        (:meth:`status`), the visitor sees an ordinary answer.
        """
        out: dict[str, dict[str, float]] = {}
        for emb in self.embedders:
            vec = emb.embed_queries([query])[0]
            best: dict[str, float] = {}
            try:
                pairs = self.index.query(emb.name, vec)
            except IndexUnavailable:
                self.degraded_queries += 1
                continue
            for doc, sim in pairs:
                lab = doc.metadata["clause"]
                best[lab] = max(best.get(lab, -1.0), sim)
            out[emb.name] = best
        return out

    def channel_scores(self, query: str) -> dict[str, dict[str, float]]:
        q = clean_query(query)
        if not q:
            return {}
        return {
            "keywords": self.keywords.scores(q),
            "bm25": self.bm25_scores(q),
        } | self.dense_scores(q)

    # -- public ---------------------------------------------------------------------------
    def search(self, query: str, k: int = 5) -> Retrieval:
        channels = self.channel_scores(query)
        if not channels:
            return Retrieval(hits=[], relevant=False)
        fused = rrf({c: _ranked(s) for c, s in channels.items()}, WEIGHTS)
        hits = [Hit(lab, round(min(1.0, max(0.0, s)), 4), self.titles[lab]) for lab, s in fused]
        return Retrieval(hits=hits[: max(0, k)], relevant=self._relevant(channels))

    @staticmethod
    def _relevant(channels: Mapping[str, Mapping[str, float]]) -> bool:
        if max(channels.get("keywords", {}).values(), default=0.0) >= MIN_KEYWORD_SCORE:
            return True
        if max(channels.get("bm25", {}).values(), default=0.0) >= MIN_BM25_SCORE:
            return True
        return any(
            max(scores.values(), default=-1.0) >= MIN_DENSE_COSINE.get(name, 2.0)
            for name, scores in channels.items()
            if name not in {"keywords", "bm25"}
        )


_default: Retriever | None = None
_default_key: tuple | None = None
_default_lock = threading.Lock()


def get_retriever(data_dir: Path | None = None) -> Retriever:
    """The process-wide retriever for the current settings (built on first call)."""
    global _default, _default_key
    settings = load_settings(data_dir)
    key = (
        settings.data_dir.resolve(),
        settings.embedder,
        settings.chroma_host,
        settings.chroma_port,
    )
    with _default_lock:
        if _default is None or _default_key != key:
            _default, _default_key = Retriever(settings), key
        return _default


def status() -> dict[str, object]:
    """The process-wide retriever's health (empty before it is built), for the ops data."""
    return _default.status() if _default is not None else {}


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Rank the policy's clauses for a question.")
    parser.add_argument("query", nargs="+", help="the question, in Chinese")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    retrieval = get_retriever().search(" ".join(args.query), k=args.k)
    print(f"relevant: {'yes' if retrieval.relevant else 'no'}")
    for i, h in enumerate(retrieval.hits, start=1):
        print(f"{i}. {h.clause:<6} {h.score:.3f}  {h.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
