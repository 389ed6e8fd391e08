"""One `Embedder` as LangChain `Embeddings`, for a LangChain vector store.

Kept out of :mod:`assistant.retrieval.embeddings`: the index writes and queries chromadb
directly, and importing langchain-core there cost every answering process ~0.2 s and ~14 MB.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.retrieval.embeddings import Embedder


class LangchainEmbeddings(Embeddings):
    """One `Embedder` as LangChain `Embeddings` (for a LangChain vector store; the index
    itself writes and queries chromadb directly)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()
