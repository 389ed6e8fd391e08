"""Renderers: one per channel, each turning a :class:`~assistant.answer.reply.Reply` into output."""
