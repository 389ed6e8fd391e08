"""Understanding: one message in, typed readings out (values, roles, topics, acts, scope).

Owns reading a message and the words it reads with (``lexicon.yaml``, ``typos.yaml``,
``scope.yaml``). It may import ``corpus`` and ``calculators`` but nothing else of
``assistant``: everything above it works from what it returns, never from the raw text.
"""
