"""One normaliser at the edge of every channel: what a person pasted → the text we read.

Text copied from a web page, a PDF or a chat app carries debris a reader never sees: a
zero-width space, a soft hyphen, a word joiner, a BOM, a bidi mark, a NUL. Inside a figure it
splits "3\u200b00万" into two numbers, and PostgreSQL refuses a NUL outright. So every channel
(chat, CLI, API, batch cells, the 体检 form) reads through :func:`normalize` first:

- NFKC (full-width letters and digits, compatibility forms such as ① or ³ → plain ones);
- format characters (Unicode category Cf) and NUL are dropped;
- other control characters become a space, except tab, line feed and carriage return;
- a lone surrogate (not text at all, and not encodable as UTF-8) becomes U+FFFD.

The result keeps a map back to the original offsets (:meth:`Normalized.span`), so a span found
in the normalised text still points at what the user typed. Pure and stdlib only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

KEPT_CONTROLS = frozenset("\t\n\r")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Normalized:
    """The normalised ``text`` and, for each of its characters, where it came from.

    ``origin[i]`` is the offset in ``original`` of the character (or the start of the
    sequence) that produced ``text[i]``; ``origin[len(text)]`` is ``len(original)``.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets ``[start', end')`` of the normalised span ``[start, end)``."""
        n = len(self.text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end <= start:
            at = self.origin[start]
            return at, at
        # The end is where the next kept character came from, minus what was dropped before
        # it: the span covers up to the last original character that produced text[end-1].
        last = self.origin[end - 1]
        stop = self.origin[end] if self.origin[end] > last else last + 1
        while stop > last + 1 and self._dropped(stop - 1):
            stop -= 1
        return self.origin[start], stop

    def quote(self, start: int, end: int) -> str:
        """What the user typed for the normalised span ``[start, end)``."""
        a, b = self.span(start, end)
        return self.original[a:b]

    def _dropped(self, index: int) -> bool:
        return _mapped(self.original[index]) == ""


def _mapped(ch: str) -> str:
    """One character's fate before NFKC: dropped (""), a space, U+FFFD, or itself."""
    if ch in KEPT_CONTROLS:
        return ch
    category = unicodedata.category(ch)
    if category == "Cf" or ch == "\x00":
        return ""
    if category == "Cc":
        return " "
    if category == "Cs":
        return REPLACEMENT
    return ch


def normalize(text: str) -> Normalized:
    """``text`` as every channel reads it, with the map back to the original offsets.

    NFKC is applied to runs that start at a character of combining class 0 (a starter) and run
    up to the next one, so each output character maps to the run it came from.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() takes str, not {type(text).__name__}")
    if text.isascii() and text.isprintable():
        return Normalized(text, text, tuple(range(len(text) + 1)))
    out: list[str] = []
    origin: list[int] = []
    run: list[str] = []
    run_start = 0

    def flush() -> None:
        if run:
            piece = unicodedata.normalize("NFKC", "".join(run))
            out.append(piece)
            origin.extend([run_start] * len(piece))
            run.clear()

    for i, ch in enumerate(text):
        mapped = _mapped(ch)
        if not mapped:
            continue
        if not run or unicodedata.combining(mapped) == 0:
            flush()
            run_start = i
        run.append(mapped)
    flush()
    origin.append(len(text))
    return Normalized(text, "".join(out), tuple(origin))


def clean(text: str) -> str:
    """Only the normalised text (for a channel that needs no offsets)."""
    return normalize(text).text


def debris_free(text: str) -> str:
    """``text`` as the user typed it, less the debris: format characters and NUL dropped, other
    controls → space, a lone surrogate → U+FFFD; no NFKC. What is read, stored and shown back:
    "，" and "？" stay full-width (the reading widens what it needs itself), "3\u200b00万" is
    "300万"."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_mapped(ch) for ch in text)


def _each_string(value: object, fix: Callable[[str], str]) -> object:
    """A JSON-ish value with ``fix`` applied to every string in it (keys too); others as they are."""
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, dict):
        return {_each_string(k, fix): _each_string(v, fix) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_each_string(v, fix) for v in value)
    return value


def debris_free_value(value: object) -> object:
    """A JSON-ish value with :func:`debris_free` applied to every string in it (keys too)."""
    return _each_string(value, debris_free)


def clean_value(value: object) -> object:
    """A JSON-ish value with every string in it normalised (keys too); others as they are."""
    return _each_string(value, clean)


def shown(text: object, limit: int = 80) -> str:
    """``text`` as an error message may echo it: normalised, anything unprintable escaped
    (``\\u2028``), at most ``limit`` characters. Echoing a lone surrogate or a NUL back used to
    turn a 4xx into a 500; echoing 10,000 characters is no help to anyone."""
    value = clean(text if isinstance(text, str) else str(text))
    out = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def storable(text: str) -> str:
    """``text`` as a database can hold it, otherwise unchanged: no NUL (PostgreSQL refuses it
    in text and JSONB) and no lone surrogate (no encoding carries it). For the service's own
    text (a reply, a state), whose clause labels "（三）" must stay as they are."""
    if text.isascii() and "\x00" not in text:
        return text
    return "".join(
        "" if ch == "\x00" else REPLACEMENT if unicodedata.category(ch) == "Cs" else ch
        for ch in text
    )


def storable_value(value: object) -> object:
    """A JSON-ish value with :func:`storable` applied to every string in it (keys too)."""
    return _each_string(value, storable)
