"""Renderers: one per channel, each turning a :class:`~assistant.reply.Reply` into output."""
