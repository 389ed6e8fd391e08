"""Clause retrieval: local embedders, the Chroma store and the hybrid (dense + BM25 + keyword) ranker.

    python -m assistant.retrieval "试生产的平台有补贴吗"

It may import ``assistant.nlu.tokenize``, ``assistant.settings`` and ``corpus``; the engine
is its only user inside ``assistant``.
"""
