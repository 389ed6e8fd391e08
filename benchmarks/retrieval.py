"""Retrieval benchmark over benchmarks/questions.yaml.

    python -m benchmarks.retrieval [--misses]

Prints recall@1, recall@3 and MRR (all questions, the tuning set and the held-out set) for
BM25 alone, each embedding alone, the keyword channel alone, plain fusion (BM25 + dense over
the policy text only, RRF k=60) and the shipped hybrid; then warm query latency, cold index
build, reopen of a persisted index and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import yaml
from rank_bm25 import BM25Okapi

from assistant.nlu import tokenize
from assistant.retrieval.embeddings import make_embedders
from assistant.retrieval.hybrid import Retriever, clean_query, rrf
from assistant.retrieval.vectorstore import build_documents
from assistant.settings import load_settings

QUESTIONS = Path(__file__).with_name("questions.yaml")
Ranker = Callable[[str], list[str]]


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def metrics(ranker: Ranker, items: Sequence[dict]) -> tuple[float, float, float, list[str]]:
    r1 = r3 = mrr = 0.0
    misses: list[str] = []
    for item in items:
        ranked = ranker(item["q"])
        ok = set(item["clauses"])
        pos = next((i for i, lab in enumerate(ranked) if lab in ok), None)
        if pos is not None:
            mrr += 1 / (pos + 1)
            r1 += pos == 0
            r3 += pos < 3
        if pos != 0:
            misses.append(f"  {ranked[:3]} ∌ {item['clauses']}: {item['q']}")
    n = max(1, len(items))
    return r1 / n, r3 / n, mrr / n, misses


def ranked(scores: dict[str, float]) -> list[str]:
    return [lab for lab, _ in sorted(scores.items(), key=lambda x: -x[1])]


class PlainText:
    """BM25 and dense rankings over the policy text alone (no synonym data), in memory."""

    def __init__(self, embedders) -> None:
        docs = build_documents(with_synonyms=False)
        self.labels = [d.metadata["clause"] for d in docs]
        whole = [d for d in docs if d.metadata["kind"] == "clause"]
        self.bm25_labels = [d.metadata["clause"] for d in whole]
        self.bm25 = BM25Okapi([tokenize.tokens(d.page_content) for d in whole])
        self.embedders = embedders
        self.matrix = {e.name: e.embed_passages([d.page_content for d in docs]) for e in embedders}

    def bm25_scores(self, q: str) -> dict[str, float]:
        raw = self.bm25.get_scores(tokenize.tokens(clean_query(q)) or ["_"])
        return dict(zip(self.bm25_labels, map(float, raw), strict=True))

    def dense_scores(self, name: str, q: str) -> dict[str, float]:
        emb = next(e for e in self.embedders if e.name == name)
        sims = self.matrix[name] @ emb.embed_queries([clean_query(q) or " "])[0]
        best: dict[str, float] = {}
        for lab, s in zip(self.labels, sims, strict=True):
            best[lab] = max(best.get(lab, -1.0), float(s))
        return best

    def fused(self, q: str) -> list[str]:
        lists = {"bm25": ranked(self.bm25_scores(q))}
        lists |= {e.name: ranked(self.dense_scores(e.name, q)) for e in self.embedders}
        return [lab for lab, _ in rrf(lists, dict.fromkeys(lists, 1.0), k=60)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the shipped hybrid's misses")
    args = parser.parse_args()

    items = load_questions()
    sets = {"all": items, "tuning": [i for i in items if not i.get("set")]}
    for name in dict.fromkeys(i["set"] for i in items if str(i.get("set", "")).startswith("hold")):
        sets[name] = [i for i in items if i.get("set") == name]
    t0 = time.perf_counter()
    embedders = make_embedders("default")
    for e in embedders:  # the encoders load lazily: count their loading here
        e.embed_queries(["预热"])
    load_s = time.perf_counter() - t0
    tmp = Path(tempfile.mkdtemp(prefix="jcg-bench-"))
    settings = replace(load_settings(tmp), chroma_host=None, chroma_port=None)

    t0 = time.perf_counter()
    cold = Retriever(settings, embedders=embedders)
    cold_s = time.perf_counter() - t0
    cold.close()
    t0 = time.perf_counter()
    retriever = Retriever(settings, embedders=embedders)
    reopen_s = time.perf_counter() - t0
    assert not retriever.index.built, "reopen rebuilt the index"

    plain = PlainText(embedders)
    rows: list[tuple[str, Ranker]] = [
        ("BM25, policy text only", lambda q: ranked(plain.bm25_scores(q))),
        ("BM25, text + synonyms", lambda q: ranked(retriever.channel_scores(q).get("bm25", {}))),
        (
            "keywords (synonyms.yaml) only",
            lambda q: ranked(retriever.channel_scores(q).get("keywords", {})),
        ),
    ]
    for e in embedders:
        rows.append(
            (f"{e.name}, policy text only", lambda q, n=e.name: ranked(plain.dense_scores(n, q)))
        )
        rows.append(
            (
                f"{e.name}, text + synonyms (Chroma)",
                lambda q, n=e.name: ranked(retriever.dense_scores(clean_query(q) or " ")[n]),
            )
        )
    rows.append(("plain fusion: RRF(BM25+dense), text only", plain.fused))
    rows.append(("shipped hybrid", lambda q: [h.clause for h in retriever.search(q, k=15).hits]))

    counts = ", ".join(f"{k} {len(v)}" for k, v in sets.items())
    print(f"questions: {counts}")
    header = f"{'ranker':<44}" + "".join(f"| {name:^19} " for name in sets)
    print(header)
    print(f"{'':<44}" + "| R@1   R@3   MRR   " * len(sets))
    print("-" * len(header))
    shipped_misses: list[str] = []
    for name, fn in rows:
        cells = ""
        for set_name, subset in sets.items():
            r1, r3, mrr, misses = metrics(fn, subset)
            cells += f"| {r1:.3f} {r3:.3f} {mrr:.3f} "
            if name == "shipped hybrid" and set_name == "all":
                shipped_misses = misses
        print(f"{name:<44}{cells}")

    latencies = []
    retriever.forget_queries()  # the rankings above cached every question's vectors
    for item in items:
        t = time.perf_counter()
        retriever.search(item["q"])
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"warm query latency median / p95     {statistics.median(latencies):.1f} / {p95:.1f} ms")
    print(f"model load (e5 + USE)               {load_s:.2f} s")
    print(f"cold index build (models loaded)    {cold_s:.2f} s")
    print(f"reopen persisted index              {reopen_s:.2f} s")
    print(f"peak memory (ru_maxrss)             {peak_mb:.0f} MB")
    retriever.close()
    shutil.rmtree(tmp, ignore_errors=True)
    if args.misses and shipped_misses:
        print("shipped hybrid misses at rank 1:")
        print("\n".join(shipped_misses))


if __name__ == "__main__":
    main()
