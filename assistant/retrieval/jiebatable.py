"""jieba's dictionary mapped from disk instead of unmarshalled by every process.

jieba (pinned: 0.42.1) keeps its dictionary as one Python dict of ~500,000 words and their
prefixes (``Tokenizer.FREQ``): every process spends ~1.2 s unmarshalling it from jieba's
cache and holds ~60 MB, of which BM25 reads a few hundred entries per message. This was the
largest single part of a process's start and of its memory.

:func:`map_dictionary` writes that dictionary once to the data directory
(``jieba-dict-<version>.bin``, an open-addressing hash table of the UTF-8 words) and gives
the tokenizer a read-only mapping of it (:class:`MappedFreq`); the words the application adds
(``add_word``) live in a small dict on top. The mapping answers every look-up jieba makes
(``in``, ``[]``, ``get``) with the same value the dict did, and ``total`` is the same number,
so every segmentation is the same. The file is shared by the workers through the page cache.
Where it cannot be written or read, jieba loads its own dictionary as before.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import mmap
import os
import struct
import zlib
from array import array
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import jieba

log = logging.getLogger(__name__)

MAGIC = b"JCGJIEBA"
FORMAT = 1
# magic, format, total, slots, words, blob bytes; then the slots (uint32: a word's number + 1,
# 0 = empty), the words' blob offsets (uint32, one more than the words: word i is
# blob[offsets[i]:offsets[i + 1]]), their frequencies (uint32) and the blob of UTF-8 words.
_HEADER = struct.Struct("<8sIQIII")
# Look-ups remembered per process: the characters and short words of one message come again in
# the next, and a remembered one costs a C call instead of hashing and probing in Python (a
# 250-character message: ~2 ms of look-ups instead of ~3; the dict took ~1.5).
FIND_CACHE = 4096


def table_path(cache_dir: Path) -> Path:
    return cache_dir / f"jieba-dict-{jieba.__version__}-{FORMAT}.bin"


class MappedFreq(MutableMapping):
    """jieba's ``FREQ`` read from the mapped table, with the words added later on top."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        magic, fmt, self.total, slots, words, blob = _HEADER.unpack_from(self._map)
        if magic != MAGIC or fmt != FORMAT or slots & (slots - 1):
            raise ValueError(f"{path} is not a jieba table of format {FORMAT}")
        ints = memoryview(self._map)[_HEADER.size :]
        self._slots = ints[: 4 * slots].cast("I")
        self._offsets = ints[4 * slots : 4 * (slots + words + 1)].cast("I")
        self._freqs = ints[4 * (slots + words + 1) : 4 * (slots + 2 * words + 1)].cast("I")
        self._blob = _HEADER.size + 4 * (slots + 2 * words + 1)
        if self._blob + blob != len(self._map):
            raise ValueError(f"{path} is truncated")
        self._mask, self._words = slots - 1, words
        self.added: dict[str, int] = {}
        # jieba asks ``word in FREQ`` and then ``FREQ[word]``: the second is remembered too.
        self._find = functools.lru_cache(maxsize=FIND_CACHE)(self._lookup)

    def _lookup(self, word: str) -> int:
        """The number of ``word`` in the table, or -1."""
        # A lone surrogate (pasted debris) encodes and matches no word, as no dict key did.
        key = word.encode("utf-8", "surrogatepass")
        slots, offsets, mask, n = self._slots, self._offsets, self._mask, len(key)
        i = zlib.crc32(key) & mask
        while True:
            found = slots[i] - 1
            if found < 0:
                break
            start = offsets[found]
            if offsets[found + 1] - start == n:
                start += self._blob
                if self._map[start : start + n] == key:
                    break
            i = (i + 1) & mask
        return found

    def __contains__(self, word: object) -> bool:
        return word in self.added or (isinstance(word, str) and self._find(word) >= 0)

    def __getitem__(self, word: str) -> int:
        value = self.added.get(word)
        if value is not None:
            return value
        found = self._find(word)
        if found < 0:
            raise KeyError(word)
        return self._freqs[found]

    def get(self, word: str, default: Any = None) -> Any:
        value = self.added.get(word)
        if value is not None:
            return value
        found = self._find(word)
        return default if found < 0 else self._freqs[found]

    def __setitem__(self, word: str, freq: int) -> None:
        self.added[word] = freq

    def __delitem__(self, word: str) -> None:
        raise TypeError("jieba's mapped dictionary is read-only; add the word with frequency 0")

    def __len__(self) -> int:
        return self._words + sum(1 for w in self.added if self._find(w) < 0)

    def __iter__(self) -> Iterator[str]:
        offsets, blob = self._offsets, self._blob
        for i in range(self._words):
            word = self._map[blob + offsets[i] : blob + offsets[i + 1]].decode("utf-8")
            if word not in self.added:
                yield word
        yield from self.added


def write_table(path: Path, freq: dict[str, int], total: int) -> None:
    """``freq`` as a hash table at ``path`` (at most half full), swapped in whole."""
    slots = 1 << max(4, (2 * len(freq) - 1).bit_length())
    mask = slots - 1
    table = array("I", bytes(4 * slots))
    offsets, freqs = array("I", [0]), array("I")
    blob = bytearray()
    for number, (word, value) in enumerate(freq.items(), start=1):
        key = word.encode("utf-8", "surrogatepass")
        i = zlib.crc32(key) & mask
        while table[i]:
            i = (i + 1) & mask
        table[i] = number
        blob += key
        offsets.append(len(blob))
        freqs.append(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as out:
            out.write(_HEADER.pack(MAGIC, FORMAT, total, slots, len(freq), len(blob)))
            for part in (table, offsets, freqs):
                out.write(part.tobytes())
            out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def map_dictionary(cache_dir: Path, tokenizer: jieba.Tokenizer | None = None) -> bool:
    """Give ``tokenizer`` (jieba's default one) its default dictionary mapped from
    ``cache_dir``, writing the table there first when it is missing. False when the tokenizer
    has loaded a dictionary already or the table cannot be made: jieba then loads its own."""
    tk = tokenizer or jieba.dt
    with tk.lock:
        if tk.initialized or tk.dictionary != jieba.DEFAULT_DICT:
            return False
        path = table_path(cache_dir)
        try:
            if not path.exists():
                jieba.setLogLevel(logging.WARNING)  # as assistant.nlu.tokenize sets it
                plain = jieba.Tokenizer()  # the dictionary as jieba loads it, nothing added
                plain.initialize()
                write_table(path, plain.FREQ, plain.total)
                del plain
            freq = MappedFreq(path)
        except (OSError, ValueError, OverflowError) as err:
            log.info("jieba dictionary not mapped (%s): loaded in memory", err)
            return False
        tk.FREQ, tk.total, tk.initialized = freq, freq.total, True
    return True
