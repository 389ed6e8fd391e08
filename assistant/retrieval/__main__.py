"""``python -m assistant.retrieval "问题"``: the ranked clauses with their scores."""

from assistant.retrieval.hybrid import main

if __name__ == "__main__":
    raise SystemExit(main())
