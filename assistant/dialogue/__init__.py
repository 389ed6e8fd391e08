"""Dialogue state and policy: the case file, the conversation, and what to do next.

Owns the case file (``casefile.py``, the one store of what the user told us), the
conversation around it (``state.py``), the update of state from a reading (``tracker.py``,
``matters.py``) and the policy that maps state and reading to a :class:`Decision`. It may
import ``assistant.nlu``, ``corpus`` and ``calculators``; never the answer layer.
"""
