"""The optional language model: the writer, its placeholders and numeric guard, and the tools.

Off unless configured. The model phrases an answer; every figure is filled in by code and
checked by ``guard.py``. It may import the answer layer (to rewrite a reply) and below.
"""
