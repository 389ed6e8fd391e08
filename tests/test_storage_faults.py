"""Fault injection on the local index, each case a real process on a temporary data dir.

Two processes racing on an empty dir, a read-only dir (with and without an index), garbage
in the middle and near the start of ``chroma.sqlite3``, and a full disk (a small tmpfs, where
this machine allows mounting one; otherwise skipped with the reason). The processes use the
model-free ``hash`` embedder: these tests are about storage, and stay at seconds each.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "招一个博士进来能有多少经费"
CHILD = f"""
import json
from assistant.retrieval.hybrid import Retriever
r = Retriever()
hits = r.search({QUESTION!r}).hits
print(json.dumps({{"top": hits[0].clause, "built": r.index.built, "mode": r.index.mode,
                  "notice": r.notice}}, ensure_ascii=False))
"""
TIMEOUT_S = 120


def start(data_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "JCG_DATA_DIR": str(data_dir),
        "JCG_EMBEDDER": "hash",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CHROMA_HOST", None)
    env.pop("CHROMA_PORT", None)
    return subprocess.Popen(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen) -> tuple[dict, str]:
    out, err = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["top"] == "（七）"
    return result, err


def run(data_dir: Path) -> tuple[dict, str]:
    return finish(start(data_dir))


def leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob("chroma.*-*"))


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A tmpfs at ``path``, or a skip that says why there cannot be one."""
    path.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if mount is None:
        pytest.skip("no mount command: cannot make a tmpfs")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})"
        print(reason)
        pytest.skip(reason)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_read_only(path: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,ro", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")


@pytest.fixture
def built_index(tmp_path) -> Path:
    """A data dir with a sound index, built by a process of its own."""
    data = tmp_path / "data"
    result, _ = run(data)
    assert result["built"] and result["mode"] == "persistent"
    return data


def test_two_processes_racing_on_an_empty_dir_both_answer_and_one_builds(tmp_path):
    data = tmp_path / "data"
    procs = [start(data), start(data)]
    results = [finish(p)[0] for p in procs]
    assert all(r["mode"] == "persistent" for r in results)
    assert sorted(len(r["built"]) for r in results) == [0, 1]  # the second reused the first's
    assert leftovers(data) == []
    again, _ = run(data)
    assert again["built"] == []


@pytest.mark.parametrize("where", ["middle", "near_start", "header"])
def test_a_corrupt_database_is_rebuilt_once_and_stays_healed(built_index, where):
    db = built_index / "chroma" / "chroma.sqlite3"
    size = db.stat().st_size
    page = 4096  # garbage over whole pages in use (unused free space damages nothing)
    offset = {"middle": size // 2 // page * page, "near_start": page, "header": 0}[where]
    with db.open("r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(page))
    healed, err = run(built_index)
    assert healed["built"] and healed["mode"] == "persistent"
    assert "rebuilding" in err
    assert leftovers(built_index) == []
    again, _ = run(built_index)
    assert again["built"] == []


def test_a_read_only_empty_dir_answers_from_memory_with_one_warning(tmp_path):
    data = tmp_path / "ro"
    with tmpfs(data, "4m"):
        remount_read_only(data)
        result, err = run(data)
    assert result["mode"] == "memory"
    assert result["notice"] and "内存" in result["notice"]
    assert err.count("in-memory index") == 1


def test_a_read_only_dir_with_an_index_still_answers(tmp_path, built_index):
    data = tmp_path / "ro-built"
    with tmpfs(data, "16m"):
        shutil.copytree(built_index, data, dirs_exist_ok=True)
        remount_read_only(data)
        result, _ = run(data)
    assert result["mode"] in {"persistent", "memory"}


def test_a_full_disk_answers_from_memory_and_leaves_no_partial_files(tmp_path):
    data = tmp_path / "full"
    with tmpfs(data, "256k"):
        result, err = run(data)
        left = leftovers(data)
    assert result["mode"] == "memory", err
    assert result["notice"]
    assert left == []


class FakePanic(BaseException):
    """Stands in for pyo3_runtime.PanicException, which derives from BaseException."""


def test_a_panic_from_the_rust_layer_is_caught_and_the_index_rebuilt(tmp_path, monkeypatch, caplog):
    from dataclasses import replace

    from assistant.retrieval import vectorstore
    from assistant.retrieval.hybrid import Retriever
    from assistant.settings import load_settings

    real = vectorstore.open_client
    calls = []

    def panicking(settings):
        calls.append(1)
        if len(calls) == 1:
            raise FakePanic("range end index 9 out of range for slice of length 3")
        return real(settings)

    monkeypatch.setattr(vectorstore, "open_client", panicking)
    settings = replace(load_settings(tmp_path), embedder="hash", chroma_host=None, chroma_port=None)
    (tmp_path / "chroma").mkdir()
    first = Retriever(settings)  # builds a sound index
    first.close()
    calls.clear()
    with caplog.at_level("WARNING", logger="assistant.retrieval.vectorstore"):
        again = Retriever(settings)
    assert "FakePanic" in caplog.text and "rebuilding" in caplog.text
    assert again.search(QUESTION).hits[0].clause == "（七）"
    again.close()


def test_keyboard_interrupt_is_not_swallowed():
    from assistant.retrieval.vectorstore import shielded

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        shielded(interrupted)


def test_the_operations_page_shows_the_index_notice(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from assistant.retrieval import hybrid as retrieval

    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_OPS_PASSCODE", "ops-晋中")
    notice = "索引目录 /srv/data/chroma 无法写入（OSError）。本次在内存中建立索引"
    monkeypatch.setattr(retrieval, "status", lambda: {"notice": notice, "available": True})
    at = AppTest.from_file(str(ROOT / "app_pages" / "ops.py"), default_timeout=300).run()
    at.text_input(key="ops_passcode").set_value("ops-晋中")
    at.button[0].click().run()
    assert not at.exception
    assert any("内存中建立索引" in w.value for w in at.warning)
    monkeypatch.setattr(retrieval, "status", lambda: {"available": False, "last_error": "down"})
    at.run()
    assert any("向量检索暂不可用" in w.value for w in at.warning)
    monkeypatch.setattr(retrieval, "status", lambda: {})
    at.run()
    assert not at.warning
