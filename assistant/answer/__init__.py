"""Answers: a decision becomes a structured :class:`~assistant.answer.reply.Reply`.

Owns the actions, the wording (``compose.py``, ``from_text.py``, ``newcomer.py``) and
``render/`` (one renderer per channel: Markdown, the printable report). Every figure comes
from a calculator or a verbatim quote. It may import ``assistant.dialogue`` and
``assistant.nlu``; never the engine, the service or a UI library.
"""
